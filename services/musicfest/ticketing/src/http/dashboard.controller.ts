import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { SalesDashboard } from '../contracts/dashboard.dto';
import { ticketingRoutes } from '../contracts/ticketing.routes';
import { DashboardService } from './dashboard.service';

@Controller()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Endpoint(ticketingRoutes, 'GET /api/musicfest/events/:id/dashboard')
  get(
    @Input() { params }: InputOf<typeof ticketingRoutes, 'GET /api/musicfest/events/:id/dashboard'>,
    @CurrentUser() user: AuthUser,
  ): Promise<SalesDashboard> {
    return this.dashboard.get(user, params.id);
  }
}

import { type AuthUser, CurrentUser, IdParams, zod } from '@coordina/platform';
import { Controller, Get, Param } from '@nestjs/common';
import type { SalesDashboard } from '../contracts/dashboard.dto';
import { DashboardService } from './dashboard.service';

@Controller('api/musicfest/events')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get(':id/dashboard')
  get(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<SalesDashboard> {
    return this.dashboard.get(user, p.id);
  }
}

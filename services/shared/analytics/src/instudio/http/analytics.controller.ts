import {
  type AuthUser,
  type BytesAnswer,
  CurrentUser,
  Endpoint,
  Input,
  type InputOf,
  type TextAnswer,
} from '@coordina/platform';
import { Controller, Headers, Res } from '@nestjs/common';
import { type Reply, sendReport as send } from '../../http/report.reply';
import type { Report, TopServices } from '../contracts/analytics.dto';
import { instudioAnalyticsRoutes as routes } from '../contracts/analytics.routes';
import { AnalyticsReportsService } from './analytics-reports.service';

type In<K extends 'bookings' | 'cancellations' | 'revenue' | 'top-services'> = InputOf<
  typeof routes,
  `GET /api/analytics/instudio/${K}`
>;

@Controller()
export class AnalyticsController {
  constructor(private readonly reports: AnalyticsReportsService) {}

  @Endpoint(routes, 'GET /api/analytics/instudio/bookings')
  async bookings(
    @Input() { query: q }: In<'bookings'>,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Report | TextAnswer | BytesAnswer> {
    return send(await this.reports.report('bookings', user, q), q.format, accept, reply);
  }

  @Endpoint(routes, 'GET /api/analytics/instudio/cancellations')
  async cancellations(
    @Input() { query: q }: In<'cancellations'>,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Report | TextAnswer | BytesAnswer> {
    return send(await this.reports.report('cancellations', user, q), q.format, accept, reply);
  }

  @Endpoint(routes, 'GET /api/analytics/instudio/revenue')
  async revenue(
    @Input() { query: q }: In<'revenue'>,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Report | TextAnswer | BytesAnswer> {
    return send(await this.reports.report('revenue', user, q), q.format, accept, reply);
  }

  @Endpoint(routes, 'GET /api/analytics/instudio/top-services')
  async topServices(
    @Input() { query: q }: In<'top-services'>,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<TopServices | TextAnswer | BytesAnswer> {
    return send(await this.reports.topServices(user, q), q.format, accept, reply);
  }
}

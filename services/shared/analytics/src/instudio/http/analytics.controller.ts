import { type AuthUser, CurrentUser, zod } from '@coordina/platform';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { type Reply, sendReport as send } from '../../http/report.reply';
import { type Report, ReportQuery, type TopServices, TopServicesQuery } from '../contracts/analytics.dto';
import { AnalyticsReportsService } from './analytics-reports.service';

@Controller('api/analytics/instudio')
export class AnalyticsController {
  constructor(private readonly reports: AnalyticsReportsService) {}

  @Get('bookings')
  async bookings(
    @Query(zod(ReportQuery)) q: ReportQuery,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Report | string> {
    return send(await this.reports.report('bookings', user, q), q.format, accept, reply);
  }

  @Get('cancellations')
  async cancellations(
    @Query(zod(ReportQuery)) q: ReportQuery,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Report | string> {
    return send(await this.reports.report('cancellations', user, q), q.format, accept, reply);
  }

  @Get('revenue')
  async revenue(
    @Query(zod(ReportQuery)) q: ReportQuery,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Report | string> {
    return send(await this.reports.report('revenue', user, q), q.format, accept, reply);
  }

  @Get('top-services')
  async topServices(
    @Query(zod(TopServicesQuery)) q: TopServicesQuery,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<TopServices | string> {
    return send(await this.reports.topServices(user, q), q.format, accept, reply);
  }
}

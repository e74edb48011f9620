import { type AuthUser, CurrentUser, zod } from '@coordina/platform';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  type Report,
  type ReportFormat,
  ReportQuery,
  type TopServices,
  TopServicesQuery,
} from '../contracts/analytics.dto';
import { AnalyticsReportsService, type Rendered } from './analytics-reports.service';

/** The part of Fastify's reply the controller touches. */
interface Reply {
  header(name: string, value: string): unknown;
}

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

/** CSV when asked by `?format=csv`, or by `Accept: text/csv` without a format; JSON otherwise. */
function send<T>(
  r: Rendered<T>,
  format: ReportFormat | undefined,
  accept: string | undefined,
  reply: Reply,
): T | string {
  const csv = format ? format === 'csv' : /\btext\/csv\b/i.test(accept ?? '');
  if (!csv) return r.json;
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${r.filename}"`);
  return r.csv();
}

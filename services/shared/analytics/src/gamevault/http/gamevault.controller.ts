import { type BytesAnswer, Endpoint, Input, type InputOf, type TextAnswer } from '@coordina/platform';
import { Controller, Headers, Res } from '@nestjs/common';
import { type Reply, sendReport } from '../../http/report.reply';
import type { PopularList, SalesReport, SatisfactionReport, SearchTrendsReport } from '../contracts/gamevault.dto';
import { gamevaultAnalyticsRoutes as routes } from '../contracts/gamevault.routes';
import { GamevaultReportsService } from './gamevault-reports.service';

type Kind = 'sales' | 'search-trends' | 'popular' | 'satisfaction';
type In<K extends Kind> = InputOf<typeof routes, `GET /api/analytics/gamevault/${K}`>;
type Answer<T> = Promise<T | TextAnswer | BytesAnswer>;

@Controller()
export class GamevaultAnalyticsController {
  constructor(private readonly reports: GamevaultReportsService) {}

  @Endpoint(routes, 'GET /api/analytics/gamevault/sales')
  async sales(
    @Input() { query: q }: In<'sales'>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Answer<SalesReport> {
    return sendReport(await this.reports.sales(q), q.format, accept, reply);
  }

  @Endpoint(routes, 'GET /api/analytics/gamevault/search-trends')
  async searchTrends(
    @Input() { query: q }: In<'search-trends'>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Answer<SearchTrendsReport> {
    return sendReport(await this.reports.searchTrends(q), q.format, accept, reply);
  }

  @Endpoint(routes, 'GET /api/analytics/gamevault/popular')
  async popular(
    @Input() { query: q }: In<'popular'>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Answer<PopularList> {
    return sendReport(await this.reports.popular(q), q.format, accept, reply);
  }

  @Endpoint(routes, 'GET /api/analytics/gamevault/satisfaction')
  async satisfaction(
    @Input() { query: q }: In<'satisfaction'>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Answer<SatisfactionReport> {
    return sendReport(await this.reports.satisfaction(q), q.format, accept, reply);
  }
}

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
import { type Reply, sendReport } from '../../http/report.reply';
import type { MusicfestQuery, MusicfestReport, MusicfestReportKind, SoldOutList } from '../contracts/musicfest.dto';
import { musicfestAnalyticsRoutes as routes } from '../contracts/musicfest.routes';
import { MusicfestReportsService } from './musicfest-reports.service';

type Answer = Promise<MusicfestReport | TextAnswer | BytesAnswer>;
type In<K extends MusicfestReportKind | 'sold-out'> = InputOf<typeof routes, `GET /api/analytics/musicfest/${K}`>;

@Controller()
export class MusicfestController {
  constructor(private readonly reports: MusicfestReportsService) {}

  @Endpoint(routes, 'GET /api/analytics/musicfest/sales')
  sales(
    @Input() { query }: In<'sales'>,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('sales', query, u, a, r);
  }

  @Endpoint(routes, 'GET /api/analytics/musicfest/conversion')
  conversion(
    @Input() { query }: In<'conversion'>,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('conversion', query, u, a, r);
  }

  @Endpoint(routes, 'GET /api/analytics/musicfest/waitlist')
  waitlist(
    @Input() { query }: In<'waitlist'>,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('waitlist', query, u, a, r);
  }

  @Endpoint(routes, 'GET /api/analytics/musicfest/refunds')
  refunds(
    @Input() { query }: In<'refunds'>,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('refunds', query, u, a, r);
  }

  @Endpoint(routes, 'GET /api/analytics/musicfest/revenue')
  revenue(
    @Input() { query }: In<'revenue'>,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('revenue', query, u, a, r);
  }

  @Endpoint(routes, 'GET /api/analytics/musicfest/sold-out')
  async soldOut(
    @Input() { query }: In<'sold-out'>,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Promise<SoldOutList | TextAnswer | BytesAnswer> {
    return sendReport(await this.reports.soldOut(u, query), query.format, a, r);
  }

  async #send(
    kind: MusicfestReportKind,
    q: MusicfestQuery,
    u: AuthUser,
    accept: string | undefined,
    reply: Reply,
  ): Answer {
    return sendReport(await this.reports.report(kind, u, q), q.format, accept, reply);
  }
}

import { type AuthUser, CurrentUser, zod } from '@coordina/platform';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { type Reply, sendReport } from '../../http/report.reply';
import {
  ConversionQuery,
  type MusicfestQuery,
  type MusicfestReport,
  type MusicfestReportKind,
  RefundsQuery,
  RevenueQuery,
  SalesQuery,
  type SoldOutList,
  SoldOutQuery,
  WaitlistQuery,
} from '../contracts/musicfest.dto';
import { MusicfestReportsService } from './musicfest-reports.service';

type Answer = Promise<MusicfestReport | string>;

@Controller('api/analytics/musicfest')
export class MusicfestController {
  constructor(private readonly reports: MusicfestReportsService) {}

  @Get('sales')
  sales(
    @Query(zod(SalesQuery)) q: MusicfestQuery,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('sales', q, u, a, r);
  }

  @Get('conversion')
  conversion(
    @Query(zod(ConversionQuery)) q: MusicfestQuery,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('conversion', q, u, a, r);
  }

  @Get('waitlist')
  waitlist(
    @Query(zod(WaitlistQuery)) q: MusicfestQuery,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('waitlist', q, u, a, r);
  }

  @Get('refunds')
  refunds(
    @Query(zod(RefundsQuery)) q: MusicfestQuery,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('refunds', q, u, a, r);
  }

  @Get('revenue')
  revenue(
    @Query(zod(RevenueQuery)) q: MusicfestQuery,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Answer {
    return this.#send('revenue', q, u, a, r);
  }

  @Get('sold-out')
  async soldOut(
    @Query(zod(SoldOutQuery)) q: SoldOutQuery,
    @CurrentUser() u: AuthUser,
    @Headers('accept') a: string | undefined,
    @Res({ passthrough: true }) r: Reply,
  ): Promise<SoldOutList | string> {
    return sendReport(await this.reports.soldOut(u, q), q.format, a, r);
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

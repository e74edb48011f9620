import { AppError, type AuthUser } from '@coordina/platform';
import { Injectable } from '@nestjs/common';
import { type Rendered, renderList, renderReport } from '../../http/report.reply';
import type {
  MusicfestQuery,
  MusicfestReport,
  MusicfestReportKind,
  SoldOutList,
  SoldOutQuery,
} from '../contracts/musicfest.dto';
import { MUSICFEST_MEASURES } from '../db/musicfest-facts.sql';
import { MusicfestReportsRepository, type MusicfestScope } from '../db/musicfest-reports.repository';
import { MusicfestAccessPolicy } from '../domain/musicfest-access.policy';

/** MusicFest KPIs for the managers panel (own events) and the operations console (all). */
@Injectable()
export class MusicfestReportsService {
  readonly #access = new MusicfestAccessPolicy();

  constructor(private readonly reports: MusicfestReportsRepository) {}

  async report(kind: MusicfestReportKind, user: AuthUser, q: MusicfestQuery): Promise<Rendered<MusicfestReport>> {
    const scope = await this.#scope(user, q);
    const rows = await this.reports.figures(kind, scope, q.groupBy, q.period);
    const eventCols = q.groupBy === 'ticketType' ? (['eventId', 'eventName'] as const) : [];
    const columns = ['period', 'key', 'label', ...eventCols, ...MUSICFEST_MEASURES[kind].map(([n]) => n)];
    return renderReport('musicfest', kind, q, rows, columns, { eventId: q.eventId ?? null });
  }

  async soldOut(user: AuthUser, q: SoldOutQuery): Promise<Rendered<SoldOutList>> {
    const items = await this.reports.soldOut(await this.#scope(user, q));
    const columns = ['eventId', 'eventName', 'ticketTypeId', 'ticketTypeName', 'soldOutAt'] as const;
    return renderList(q, items, columns, 'musicfest-sold-out');
  }

  async #scope(user: AuthUser, q: { from?: string; to?: string; eventId?: string }): Promise<MusicfestScope> {
    const owner = q.eventId ? await this.reports.ownerOf(q.eventId) : undefined;
    const access = this.#access.decide(user, q.eventId, owner);
    if (access.kind === 'forbidden') throw new AppError('FORBIDDEN', 'you do not manage this event');
    const scope: MusicfestScope = { from: q.from, to: q.to, eventId: q.eventId };
    if (access.kind === 'own-events') scope.managerId = access.managerId;
    return scope;
  }
}

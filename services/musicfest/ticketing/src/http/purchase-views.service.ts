import { AppError, type AuthUser, type Db, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PurchaseAccepted, PurchasePage, PurchaseView } from '../contracts/purchase.dto';
import type { PurchaseRecord } from '../db/purchase.record';
import { PurchasesRepository } from '../db/purchases.repository';
import { TicketsRepository } from '../db/tickets.repository';
import { WaitEstimateRules } from '../domain/wait-estimate.rules';
import { TicketingSettings } from '../ticketing.settings';
import { toPurchaseView } from './purchase-view.mapper';

/** Reads of purchases: one, the caller's history, and the waitlist position of a waiting one. */
@Injectable()
export class PurchaseViewsService {
  readonly #purchases = new PurchasesRepository();
  readonly #tickets = new TicketsRepository();
  readonly #wait: WaitEstimateRules;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    settings: TicketingSettings,
  ) {
    this.#wait = new WaitEstimateRules(Math.ceil(settings.holdTimeoutMs / 1000));
  }

  /** The purchase, for its buyer or a platform admin. */
  async get(user: AuthUser, id: string): Promise<PurchaseView> {
    const p = await this.#purchases.find(this.ctx.db.db, id);
    if (!p) throw new AppError('NOT_FOUND', `purchase ${id} not found`);
    if (p.userId !== user.id && !user.roles.includes('platform_admin')) {
      throw new AppError('FORBIDDEN', 'not your purchase');
    }
    return (await this.views(this.ctx.db.db, [p]))[0] as PurchaseView;
  }

  async mine(user: AuthUser, page: number, pageSize: number): Promise<PurchasePage> {
    const { items, total } = await this.#purchases.listForUser(this.ctx.db.db, user.id, page, pageSize);
    return { items: await this.views(this.ctx.db.db, items), total, page, pageSize };
  }

  async line(q: Db, p: PurchaseRecord): Promise<{ position: number; estimatedWaitSeconds: number } | undefined> {
    if (p.status !== 'WAITLISTED' || p.waitlistSeq === null) return undefined;
    const position = await this.#purchases.position(q, p.eventId, p.waitlistSeq);
    const releases = await this.#purchases.recentReleases(q, p.eventId, WaitEstimateRules.WINDOW_SECONDS);
    return { position, estimatedWaitSeconds: this.#wait.estimate(position, releases) };
  }

  /** What POST /purchases answers for an existing purchase (a repeated Idempotency-Key). */
  async accepted(q: Db, p: PurchaseRecord): Promise<PurchaseAccepted> {
    const status = p.status === 'WAITLISTED' ? 'WAITLISTED' : 'PENDING';
    return { id: p.id, status, ...(await this.line(q, p)) };
  }

  /**
   * Place in line and estimated wait of a batch's new purchases (those with a waitlist
   * sequence), per event: the first of the batch's line is counted, the others follow it.
   */
  async lines(q: Db, rows: readonly { id: string; eventId: string; waitlistSeq: number | null }[]) {
    const lines = new Map<string, { position: number; estimatedWaitSeconds: number }>();
    const byEvent = new Map<string, { id: string; seq: number }[]>();
    for (const r of rows) {
      if (r.waitlistSeq === null) continue;
      const list = byEvent.get(r.eventId) ?? [];
      list.push({ id: r.id, seq: r.waitlistSeq });
      byEvent.set(r.eventId, list);
    }
    for (const [eventId, queued] of byEvent) {
      const first = Math.min(...queued.map((x) => x.seq));
      const head = await this.#purchases.position(q, eventId, String(first));
      const releases = await this.#purchases.recentReleases(q, eventId, WaitEstimateRules.WINDOW_SECONDS);
      queued.sort((a, b) => a.seq - b.seq);
      for (const [k, x] of queued.entries()) {
        const position = head + k;
        lines.set(x.id, { position, estimatedWaitSeconds: this.#wait.estimate(position, releases) });
      }
    }
    return lines;
  }

  async views(q: Db, records: readonly PurchaseRecord[]): Promise<PurchaseView[]> {
    const ids = records.map((r) => r.id);
    const items = await this.#purchases.items(q, ids);
    const tickets = await this.#tickets.ofPurchases(q, ids);
    const out: PurchaseView[] = [];
    for (const p of records) {
      out.push(
        toPurchaseView(
          p,
          items.filter((i) => i.purchaseId === p.id),
          tickets.filter((t) => t.purchaseId === p.id),
          await this.line(q, p),
        ),
      );
    }
    return out;
  }
}

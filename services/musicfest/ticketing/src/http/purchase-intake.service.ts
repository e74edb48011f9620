import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AuthUser,
  crashPoint,
  GroupCommit,
  SERVICE_CONTEXT,
  type ServiceContext,
  type Tx,
} from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CompraCreada } from '../contracts/events';
import type { PurchaseAccepted } from '../contracts/purchase.dto';
import { TicketingErrors } from '../contracts/ticketing.errors';
import type { EventRecord, TicketTypeRecord } from '../db/inventory.record';
import type { NewPurchase, PurchaseItemRecord } from '../db/purchase.record';
import { QuotasRepository } from '../db/quotas.repository';
import { BasketRules } from '../domain/basket.rules';
import { type SeatDecision, SeatDecisionRules } from '../domain/seat-decision.rules';
import { WaitEstimateRules } from '../domain/wait-estimate.rules';
import { PurchaseEventsMapper } from '../events/purchase-events.mapper';
import { SeatLedger } from '../events/seat.ledger';
import { TicketingSettings } from '../ticketing.settings';
import { PurchaseViewsService } from './purchase-views.service';

/** A purchase of one ticket type: the rush case. */
export interface OneTypeAsk {
  user: AuthUser;
  eventId: string;
  ticketTypeId: string;
  quantity: number;
  paymentMethod: string;
  idempotencyKey: string | null;
}

/** The answer is the purchase that an earlier request with the same idempotency key created. */
const REPEAT = Symbol('repeat');
type Outcome = PurchaseAccepted | AppError | typeof REPEAT;

interface Live {
  index: number;
  event: EventRecord;
  type: TicketTypeRecord;
  purchase: NewPurchase;
  items: PurchaseItemRecord[];
}

/**
 * Accepts one-type purchases under rush by group commit (decision 0013): requests queue in
 * memory and each batch is ONE transaction of a fixed number of statements, whatever its size:
 * the purchases and their items, the buyers' quotas, the types' row locks, the counts, the
 * waitlist sequence, the statuses and the compra.creada events. Seats are decided in arrival
 * order exactly as one request at a time would be (SeatDecisionRules), under the row locks,
 * which are held once per batch instead of once per request. The saga of a purchase that got
 * seats starts from its compra.creada (PurchaseSagaRegistrar).
 */
@Injectable()
export class PurchaseIntakeService {
  readonly #basket: BasketRules;
  readonly #seats: SeatDecisionRules;
  readonly #quotas = new QuotasRepository();
  readonly #events = new PurchaseEventsMapper();
  readonly #intake: GroupCommit<OneTypeAsk, PurchaseAccepted>;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ledger: SeatLedger,
    private readonly views: PurchaseViewsService,
    private readonly settings: TicketingSettings,
  ) {
    this.#basket = new BasketRules(settings.maxPerType);
    this.#seats = new SeatDecisionRules(settings.waitlistFactor);
    // One request per buyer per batch: a buyer's quota row is written once per statement.
    this.#intake = new GroupCommit((asks) => this.#run(asks), {
      maxBatch: 250,
      concurrency: 2,
      key: (a) => a.user.id,
    });
  }

  accept(ask: OneTypeAsk): Promise<PurchaseAccepted> {
    return this.#intake.submit(ask);
  }

  async #run(asks: readonly OneTypeAsk[]): Promise<(PurchaseAccepted | Error)[]> {
    const outcomes = await this.ctx.db.retryingTransaction((tx) => this.#batch(tx, asks));
    return Promise.all(
      outcomes.map(async (o, i) => {
        if (o !== REPEAT) return o;
        const ask = asks[i] as OneTypeAsk;
        const existing = ask.idempotencyKey
          ? await this.ledger.purchases.findByKey(this.ctx.db.db, ask.user.id, ask.idempotencyKey)
          : undefined;
        if (!existing) return new Error('idempotent purchase vanished');
        return this.views.accepted(this.ctx.db.db, existing);
      }),
    );
  }

  async #batch(tx: Tx, asks: readonly OneTypeAsk[]): Promise<Outcome[]> {
    const out: Outcome[] = new Array(asks.length);
    const { purchases } = this.ledger;
    let live = await this.#priced(tx, asks, out);
    // Rows of these purchases and the buyers' quotas first: they lock nothing shared.
    const inserted = await purchases.insertMany(tx, live);
    for (const l of live) if (!inserted.has(l.purchase.id)) out[l.index] = REPEAT;
    live = live.filter((l) => inserted.has(l.purchase.id));
    const quota = (l: Live) => ({ userId: l.purchase.userId, eventId: l.event.id, n: l.purchase.tickets });
    const fit = await this.#quotas.takeMany(tx, live.map(quota), this.settings.maxPerUser);
    const over = live.filter((l) => !fit.has(`${l.purchase.userId}/${l.event.id}`));
    for (const l of over) {
      out[l.index] = new AppError(
        TicketingErrors.PURCHASE_LIMIT_EXCEEDED,
        `at most ${this.settings.maxPerUser} tickets per person for this event (counting your live purchases)`,
      );
    }
    live = live.filter((l) => fit.has(`${l.purchase.userId}/${l.event.id}`));
    // The seats, under the types' row locks from here to COMMIT.
    const decided = await this.#decide(tx, live);
    // TEST ONLY (COORDINA_TEST_CRASH): seats counted, purchases not settled, nothing committed.
    if (asks.length > 1) crashPoint('group-commit.mid-batch');
    const refused = live.filter((_, i) => decided[i] === 'refuse');
    for (const l of refused)
      out[l.index] = new AppError(TicketingErrors.SOLD_OUT, `${l.type.name} is sold out and its waitlist is full`);
    // Cancelled while this batch waited for the types' locks: nothing is sold. (These were left
    // PENDING with no saga, their quota taken and no answer; found by the rush test under load.)
    const closed = live.filter((_, i) => decided[i] === 'closed');
    for (const l of closed) out[l.index] = new AppError(TicketingErrors.SALES_CLOSED, 'the event was cancelled');
    await purchases.removeMany(
      tx,
      [...over, ...refused, ...closed].map((l) => l.purchase.id),
    );
    await this.#quotas.giveMany(tx, [...refused, ...closed].map(quota));
    const accepted = live.flatMap((l, i) =>
      decided[i] === 'reserve' || decided[i] === 'queue' ? [{ l, queued: decided[i] === 'queue' }] : [],
    );
    const seqs = await purchases.nextWaitlistSeqs(tx, accepted.filter((a) => a.queued).length);
    const rows = accepted.map(({ l, queued }) => ({
      l,
      id: l.purchase.id,
      status: queued ? ('WAITLISTED' as const) : ('PENDING' as const),
      waitlistSeq: queued ? (seqs.shift() ?? null) : null,
    }));
    await purchases.settleMany(tx, rows, this.ledger.holdUntil());
    const lines = await this.#lines(tx, rows);
    await this.ctx.bus.publishMany(
      tx,
      CompraCreada,
      rows.map((r) =>
        this.#events.created(
          { ...r.l.purchase, eventName: r.l.event.name, managerId: r.l.event.managerId, status: r.status },
          r.l.items,
          lines.get(r.id)?.position,
        ),
      ),
    );
    for (const r of rows) out[r.l.index] = { id: r.id, status: r.status, ...lines.get(r.id) };
    return out;
  }

  /** Checks each request against its event and type (read once per batch) and prices it. */
  async #priced(tx: Tx, asks: readonly OneTypeAsk[], out: Outcome[]): Promise<Live[]> {
    const { inventory } = this.ledger;
    const eventIds = [...new Set(asks.map((a) => a.eventId))];
    const events = new Map((await inventory.findEvents(tx, eventIds)).map((e) => [e.id, e]));
    const types = new Map((await inventory.typesOfEvents(tx, eventIds)).map((t) => [t.id, t]));
    const now = new Date();
    const live: Live[] = [];
    for (const [index, ask] of asks.entries()) {
      const event = events.get(ask.eventId);
      const type = types.get(ask.ticketTypeId);
      if (!event) out[index] = new AppError('NOT_FOUND', `event ${ask.eventId} not found`);
      else if (type?.eventId !== event.id)
        out[index] = new AppError('NOT_FOUND', `ticket type ${ask.ticketTypeId} is not sold for this event`);
      else {
        const closed = this.#basket.closedReason(event, type, now);
        if (closed) out[index] = new AppError(TicketingErrors.SALES_CLOSED, closed);
        else live.push(this.#live(index, ask, event, type));
      }
    }
    return live;
  }

  #live(index: number, ask: OneTypeAsk, event: EventRecord, type: TicketTypeRecord): Live {
    const priced = this.#basket.price([type], [{ ticketTypeId: type.id, quantity: ask.quantity }]);
    const purchase: NewPurchase = {
      id: randomUUID(),
      userId: ask.user.id,
      eventId: event.id,
      idempotencyKey: ask.idempotencyKey,
      tickets: priced.tickets,
      total: priced.total,
      commission: priced.commission,
      paymentId: randomUUID(),
      paymentMethod: ask.paymentMethod,
    };
    // purchase_items keeps the commission per ticket, like its prices.
    const items = priced.lines.map((l) => ({ ...l, purchaseId: purchase.id, commission: l.commission / l.quantity }));
    return { index, event, type, purchase, items };
  }

  /**
   * Locks the batch's types, decides each request in arrival order and writes the counts.
   * 'closed': the event was cancelled while the batch waited for the locks (read after them).
   */
  async #decide(tx: Tx, live: readonly Live[]): Promise<(SeatDecision | 'closed')[]> {
    const { inventory } = this.ledger;
    const typeIds = [...new Set(live.map((l) => l.type.id))];
    if (typeIds.length === 0) return [];
    const counts = new Map((await inventory.lockTypes(tx, typeIds)).map((c) => [c.id, c]));
    const events = await inventory.findEvents(tx, [...new Set(live.map((l) => l.event.id))]);
    const open = new Set(events.filter((e) => e.status === 'ON_SALE').map((e) => e.id));
    const decisions: (SeatDecision | 'closed')[] = live.map((l) => (open.has(l.event.id) ? 'refuse' : 'closed'));
    const changes: { id: string; reserved: number; waitlisted: number }[] = [];
    for (const typeId of typeIds) {
      const c = counts.get(typeId);
      const mine = live.flatMap((l, i) => (l.type.id === typeId && decisions[i] !== 'closed' ? [i] : []));
      if (!c) throw new Error(`ticket type ${typeId} vanished`);
      const { decisions: d, after } = this.#seats.decide(
        c,
        mine.map((i) => (live[i] as Live).purchase.tickets),
      );
      for (const [k, i] of mine.entries()) decisions[i] = d[k] as SeatDecision;
      changes.push({ id: typeId, reserved: after.reserved - c.reserved, waitlisted: after.waitlisted - c.waitlisted });
    }
    await inventory.addCounts(
      tx,
      changes.filter((c) => c.reserved !== 0 || c.waitlisted !== 0),
    );
    return decisions;
  }

  /** Place in line and estimated wait of the batch's queued purchases, per event. */
  async #lines(tx: Tx, rows: readonly { l: Live; id: string; waitlistSeq: number | null }[]) {
    const lines = new Map<string, { position: number; estimatedWaitSeconds: number }>();
    const byEvent = new Map<string, { id: string; seq: number }[]>();
    for (const r of rows) {
      if (r.waitlistSeq === null) continue;
      const list = byEvent.get(r.l.event.id) ?? [];
      list.push({ id: r.id, seq: r.waitlistSeq });
      byEvent.set(r.l.event.id, list);
    }
    for (const [eventId, queued] of byEvent) {
      const first = Math.min(...queued.map((q) => q.seq));
      // The first of the batch's line: the waiting purchases before it, plus one.
      const head = await this.ledger.purchases.position(tx, eventId, String(first));
      const releases = await this.ledger.purchases.recentReleases(tx, eventId, WaitEstimateRules.WINDOW_SECONDS);
      queued.sort((a, b) => a.seq - b.seq);
      for (const [k, q] of queued.entries()) {
        const position = head + k;
        lines.set(q.id, { position, estimatedWaitSeconds: this.views.estimateWait(position, releases) });
      }
    }
    return lines;
  }
}

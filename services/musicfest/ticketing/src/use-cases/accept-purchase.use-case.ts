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
import type { CreatePurchaseBody, PurchaseAccepted } from '../contracts/purchase.dto';
import { TicketingErrors } from '../contracts/ticketing.errors';
import type { EventRecord, TicketTypeRecord } from '../db/inventory.record';
import { InventoryRepository } from '../db/inventory.repository';
import type { NewPurchase, PurchaseItemRecord } from '../db/purchase.record';
import { PurchasesRepository } from '../db/purchases.repository';
import { QuotasRepository } from '../db/quotas.repository';
import { BasketRules } from '../domain/basket.rules';
import { SeatDecisionRules } from '../domain/seat-decision.rules';
import { PurchaseEventsMapper } from '../events/purchase-events.mapper';
import { PurchaseViewsService } from '../http/purchase-views.service';
import { TicketingSettings } from '../ticketing.settings';
import { basketError } from './basket.check';

/** One request to buy: a basket of one event, with the buyer's Idempotency-Key. */
interface Ask {
  user: AuthUser;
  body: CreatePurchaseBody;
  idempotencyKey: string | null;
}

/** The answer is the purchase an earlier request with the same key created, if there is one; else `error`. */
interface Repeat {
  repeat: true;
  error?: AppError;
}
type Outcome = PurchaseAccepted | AppError | Repeat;

interface Live {
  index: number;
  event: EventRecord;
  types: TicketTypeRecord[];
  purchase: NewPurchase;
  items: PurchaseItemRecord[];
}

/**
 * Accepting a purchase, one implementation for every basket. Requests are group-committed
 * (decision 0013): they queue in memory and each batch is ONE transaction of a fixed number of
 * statements whatever its size: the purchases and their items (a repeated Idempotency-Key
 * inserts nothing and answers the earlier purchase), the buyers' quotas, the types' row locks,
 * the counts, the waitlist sequence, the statuses and the compra.creada events. Seats are
 * decided in arrival order by the seat rule (SeatDecisionRules), exactly as one request at a
 * time would be, under the row locks, held once per batch. A basket of several types is
 * reserved or queued whole. The saga of a purchase that got seats starts from its compra.creada
 * (PurchaseSagaRegistrar).
 */
@Injectable()
export class AcceptPurchase {
  readonly #basket: BasketRules;
  readonly #seats: SeatDecisionRules;
  readonly #purchases = new PurchasesRepository();
  readonly #inventory = new InventoryRepository();
  readonly #quotas = new QuotasRepository();
  readonly #events = new PurchaseEventsMapper();
  readonly #intake: GroupCommit<Ask, PurchaseAccepted>;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
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

  /** Reserves the seats (PENDING) or queues the purchase (WAITLISTED); 422 over the per-type limit. */
  accept(user: AuthUser, body: CreatePurchaseBody, idempotencyKey?: string): Promise<PurchaseAccepted> {
    const over = this.#basket.overLimit(body.items);
    if (over) throw basketError(over);
    return this.#intake.submit({ user, body, idempotencyKey: idempotencyKey?.slice(0, 255) || null });
  }

  async #run(asks: readonly Ask[]): Promise<(PurchaseAccepted | Error)[]> {
    const outcomes = await this.ctx.db.retryingTransaction((tx) => this.#batch(tx, asks));
    return Promise.all(
      outcomes.map(async (o, i) => {
        if (!('repeat' in o)) return o;
        const ask = asks[i] as Ask;
        const existing = ask.idempotencyKey
          ? await this.#purchases.findByKey(this.ctx.db.db, ask.user.id, ask.idempotencyKey)
          : undefined;
        if (existing) return this.views.accepted(this.ctx.db.db, existing);
        return o.error ?? new Error('idempotent purchase vanished');
      }),
    );
  }

  async #batch(tx: Tx, asks: readonly Ask[]): Promise<Outcome[]> {
    const out: Outcome[] = new Array(asks.length);
    const purchases = this.#purchases;
    let live = await this.#priced(tx, asks, out);
    // Rows of these purchases and the buyers' quotas first: they lock nothing shared.
    const inserted = await purchases.insertMany(tx, live);
    for (const l of live) if (!inserted.has(l.purchase.id)) out[l.index] = { repeat: true };
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
    const dropped: Live[] = [];
    const accepted: { l: Live; trigger: 'reserve' | 'queue' }[] = [];
    for (const [i, l] of live.entries()) {
      const d = decided[i];
      if (d === 'reserve' || d === 'queue') accepted.push({ l, trigger: d });
      else {
        // Cancelled while this batch waited for the types' locks: nothing is sold.
        out[l.index] = d ?? new AppError(TicketingErrors.SALES_CLOSED, 'the event was cancelled');
        dropped.push(l);
      }
    }
    await purchases.removeMany(
      tx,
      [...over, ...dropped].map((l) => l.purchase.id),
    );
    await this.#quotas.giveMany(tx, dropped.map(quota));
    const seqs = await purchases.nextWaitlistSeqs(tx, accepted.filter((a) => a.trigger === 'queue').length);
    const rows = accepted.map(({ l, trigger }) => ({
      l,
      id: l.purchase.id,
      trigger,
      status: trigger === 'queue' ? ('WAITLISTED' as const) : ('PENDING' as const),
      eventId: l.event.id,
      waitlistSeq: trigger === 'queue' ? (seqs.shift() ?? null) : null,
    }));
    await purchases.settleMany(tx, rows, new Date(Date.now() + this.settings.holdTimeoutMs));
    const lines = await this.views.lines(tx, rows);
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

  /** Checks each request against its event and types (read once per batch) and prices it. */
  async #priced(tx: Tx, asks: readonly Ask[], out: Outcome[]): Promise<Live[]> {
    const eventIds = [...new Set(asks.map((a) => a.body.eventId))];
    const events = new Map((await this.#inventory.findEvents(tx, eventIds)).map((e) => [e.id, e]));
    const types = new Map((await this.#inventory.typesOfEvents(tx, eventIds)).map((t) => [t.id, t]));
    const now = new Date();
    const live: Live[] = [];
    for (const [index, ask] of asks.entries()) {
      const event = events.get(ask.body.eventId);
      const refusal = this.#basket.refusal(ask.body.eventId, event, types, ask.body.items, now);
      if (refusal || !event) {
        const error = refusal ? basketError(refusal) : new AppError('NOT_FOUND', `event ${ask.body.eventId} not found`);
        // A retried request answers the purchase it created, even once sales closed.
        out[index] = ask.idempotencyKey ? { repeat: true, error } : error;
      } else {
        const mine = ask.body.items.map((i) => types.get(i.ticketTypeId) as TicketTypeRecord);
        live.push(this.#live(index, ask, event, mine));
      }
    }
    return live;
  }

  #live(index: number, ask: Ask, event: EventRecord, types: TicketTypeRecord[]): Live {
    const priced = this.#basket.price(types, ask.body.items);
    const purchase: NewPurchase = {
      id: randomUUID(),
      userId: ask.user.id,
      eventId: event.id,
      idempotencyKey: ask.idempotencyKey,
      tickets: priced.tickets,
      total: priced.total,
      commission: priced.commission,
      paymentId: randomUUID(),
      paymentMethod: ask.body.paymentMethod,
    };
    // Lines in type order (the order a refusal names them in); purchase_items keeps the
    // commission per ticket, like its prices.
    const items = [...priced.lines]
      .sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId))
      .map((l) => ({ ...l, purchaseId: purchase.id, commission: l.commission / l.quantity }));
    return { index, event, types, purchase, items };
  }

  /**
   * Locks the batch's types, decides each purchase in arrival order and writes the counts.
   * undefined: the event was cancelled while the batch waited for the locks (read after them).
   */
  async #decide(tx: Tx, live: readonly Live[]): Promise<('reserve' | 'queue' | AppError | undefined)[]> {
    const typeIds = [...new Set(live.flatMap((l) => l.items.map((i) => i.ticketTypeId)))];
    if (typeIds.length === 0) return [];
    const locked = await this.#inventory.lockTypes(tx, typeIds);
    const events = await this.#inventory.findEvents(tx, [...new Set(live.map((l) => l.event.id))]);
    const open = new Set(events.filter((e) => e.status === 'ON_SALE').map((e) => e.id));
    const counts = new Map(locked.map((c) => [c.id, { ...c }]));
    const decisions = live.map((l) => {
      if (!open.has(l.event.id)) return undefined;
      const d = this.#seats.decideBasket(counts, l.items);
      if (d.decision !== 'refuse') return d.decision;
      const name = l.items.find((i) => i.ticketTypeId === d.refused.ticketTypeId)?.ticketTypeName;
      return new AppError(TicketingErrors.SOLD_OUT, `${name} is sold out and its waitlist is full`);
    });
    await this.#inventory.writeCounts(tx, locked, counts);
    return decisions;
  }
}

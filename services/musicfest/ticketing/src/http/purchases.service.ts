import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, sql, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CestaResumida, CompraCreada } from '../contracts/events';
import type { Basket, BasketSummary, CreatePurchaseBody, PurchaseAccepted } from '../contracts/purchase.dto';
import { TicketingErrors } from '../contracts/ticketing.errors';
import type { EventRecord, TicketTypeRecord, TypeCounts } from '../db/inventory.record';
import type { PurchaseItemRecord } from '../db/purchase.record';
import { QuotasRepository } from '../db/quotas.repository';
import { BasketRules } from '../domain/basket.rules';
import { PurchaseEventsMapper } from '../events/purchase-events.mapper';
import { SeatLedger } from '../events/seat.ledger';
import { TicketingSettings } from '../ticketing.settings';
import { PurchaseIntakeService } from './purchase-intake.service';
import { PurchaseViewsService } from './purchase-views.service';

/**
 * Buying. A one-type purchase (the rush case) goes to PurchaseIntakeService, which accepts
 * the purchases of the moment together (group commit). A several-type purchase is one
 * transaction of its own: the purchase row (unique per user and idempotency key), the user's
 * quota (one conditional upsert), then, under the event's lock, every type reserved or the
 * purchase queued whole. Nothing is checked first and written later.
 */
@Injectable()
export class PurchasesService {
  readonly #rules: BasketRules;
  readonly #quotas = new QuotasRepository();
  readonly #events = new PurchaseEventsMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ledger: SeatLedger,
    private readonly views: PurchaseViewsService,
    private readonly settings: TicketingSettings,
    private readonly intake: PurchaseIntakeService,
  ) {
    this.#rules = new BasketRules(settings.maxPerType);
  }

  async summary(user: AuthUser, body: Basket): Promise<BasketSummary> {
    this.#checkLimits(body);
    const { event, types } = await this.#sellable(body);
    const priced = this.#rules.price(types, body.items);
    const free = body.items.every((i) => {
      const t = types.find((x) => x.id === i.ticketTypeId);
      return t !== undefined && t.waitlisted === 0 && t.capacity - t.reserved - t.sold >= i.quantity;
    });
    await this.ctx.db.transaction((tx) =>
      this.ctx.bus.publish(tx, CestaResumida, {
        userId: user.id,
        eventId: event.id,
        managerId: event.managerId,
        items: priced.lines.map((l) => ({
          ticketTypeId: l.ticketTypeId,
          quantity: l.quantity,
          unitPrice: l.finalPrice,
        })),
        total: priced.total,
        at: new Date().toISOString(),
      }),
    );
    return {
      eventId: event.id,
      eventName: event.name,
      items: priced.lines,
      total: priced.total,
      commission: priced.commission,
      currency: 'PEN',
      seatsAvailableNow: free,
    };
  }

  async create(user: AuthUser, body: CreatePurchaseBody, idempotencyKey?: string): Promise<PurchaseAccepted> {
    const key = idempotencyKey?.slice(0, 255) || null;
    this.#checkLimits(body);
    const [single] = body.items;
    if (body.items.length === 1 && single) {
      // The rush case: batched with the other one-type purchases of the moment.
      return this.intake.accept({
        user,
        eventId: body.eventId,
        ...single,
        paymentMethod: body.paymentMethod,
        idempotencyKey: key,
      });
    }
    if (key) {
      const existing = await this.ledger.purchases.findByKey(this.ctx.db.db, user.id, key);
      if (existing) return this.views.accepted(this.ctx.db.db, existing);
    }
    const { event, types } = await this.#sellable(body);
    const priced = this.#rules.price(types, body.items);
    const lines = [...priced.lines].sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId));
    const purchase = {
      id: randomUUID(),
      userId: user.id,
      eventId: event.id,
      idempotencyKey: key,
      tickets: priced.tickets,
      total: priced.total,
      commission: priced.commission,
      paymentId: randomUUID(),
      paymentMethod: body.paymentMethod,
    };
    const created = await this.ctx.db.retryingTransaction(async (tx) => {
      const { inventory, purchases } = this.ledger;
      // purchase_items keeps the commission per ticket, like its prices.
      const rows = lines.map((l) => ({ ...l, commission: l.commission / l.quantity }));
      const items = rows.map((r) => ({ ...r, purchaseId: purchase.id }));
      if (!(await purchases.insert(tx, purchase, rows))) return undefined;
      if (!(await this.#quotas.take(tx, user.id, event.id, priced.tickets, this.settings.maxPerUser))) {
        throw new AppError(
          TicketingErrors.PURCHASE_LIMIT_EXCEEDED,
          `at most ${this.settings.maxPerUser} tickets per person for this event (counting your live purchases)`,
        );
      }
      // Several types: all fit or the purchase queues whole, under the event's lock.
      await inventory.lockEvent(tx, event.id);
      await sql`SAVEPOINT reserve`.execute(tx);
      const reserved: TypeCounts[] = [];
      for (const l of lines) {
        const c = await inventory.reserve(tx, l.ticketTypeId, l.quantity);
        if (!c) break;
        reserved.push(c);
      }
      if (reserved.length === lines.length) {
        await sql`RELEASE SAVEPOINT reserve`.execute(tx);
        return this.#pending(tx, purchase.id, items);
      }
      await sql`ROLLBACK TO SAVEPOINT reserve`.execute(tx);
      for (const l of lines) {
        const c = await inventory.enqueue(tx, l.ticketTypeId, l.quantity, this.settings.waitlistFactor);
        if (!c)
          throw new AppError(TicketingErrors.SOLD_OUT, `${l.ticketTypeName} is sold out and its waitlist is full`);
      }
      return this.#waitlisted(tx, purchase.id, items);
    });
    if (created) return created;
    // A concurrent request with the same idempotency key won: answer what it created.
    const existing = key ? await this.ledger.purchases.findByKey(this.ctx.db.db, user.id, key) : undefined;
    if (!existing) throw new Error('idempotent purchase vanished');
    return this.views.accepted(this.ctx.db.db, existing);
  }

  /** Seats reserved: the hold starts; its saga starts from compra.creada (PurchaseSagaRegistrar). */
  async #pending(tx: Tx, id: string, items: readonly PurchaseItemRecord[]): Promise<PurchaseAccepted> {
    const { purchases } = this.ledger;
    const p = await purchases.markPending(tx, id, this.ledger.holdUntil(), false);
    if (!p) throw new Error(`purchase ${id} vanished`);
    await this.ctx.bus.publish(tx, CompraCreada, this.#events.created(p, items));
    return { id: p.id, status: 'PENDING' };
  }

  /** Queued whole: its place in line and an estimated wait come back at once. */
  async #waitlisted(tx: Tx, id: string, items: readonly PurchaseItemRecord[]): Promise<PurchaseAccepted> {
    const { purchases } = this.ledger;
    await purchases.markWaitlisted(tx, id);
    const p = await purchases.find(tx, id);
    if (!p) throw new Error(`purchase ${id} vanished`);
    const line = await this.views.line(tx, p);
    await this.ctx.bus.publish(tx, CompraCreada, this.#events.created(p, items, line?.position));
    return { id: p.id, status: 'WAITLISTED', ...line };
  }

  /** 422 naming the first item over the per-type limit. */
  #checkLimits(body: Basket): void {
    const over = this.#rules.overLimit(body.items);
    if (!over) return;
    const field = `body.items.${over.index}.quantity`;
    throw new AppError(TicketingErrors.PURCHASE_LIMIT_EXCEEDED, `${field}: ${over.message}`, {
      errors: [{ field, message: over.message }],
    });
  }

  /** The event and its types, after the existence and sales window checks. */
  async #sellable(body: Basket): Promise<{ event: EventRecord; types: TicketTypeRecord[] }> {
    const event = await this.ledger.inventory.findEvent(this.ctx.db.db, body.eventId);
    if (!event) throw new AppError('NOT_FOUND', `event ${body.eventId} not found`);
    const types = await this.ledger.inventory.typesOf(this.ctx.db.db, event.id);
    const now = new Date();
    for (const item of body.items) {
      const t = types.find((x) => x.id === item.ticketTypeId);
      if (!t) throw new AppError('NOT_FOUND', `ticket type ${item.ticketTypeId} is not sold for this event`);
      const closed = this.#rules.closedReason(event, t, now);
      if (closed) throw new AppError(TicketingErrors.SALES_CLOSED, closed);
    }
    return { event, types };
  }
}

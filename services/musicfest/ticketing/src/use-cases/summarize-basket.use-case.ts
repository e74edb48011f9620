import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CestaResumida } from '../contracts/events';
import type { Basket, BasketSummary } from '../contracts/purchase.dto';
import { InventoryRepository } from '../db/inventory.repository';
import { BasketRules } from '../domain/basket.rules';
import { SeatDecisionRules } from '../domain/seat-decision.rules';
import { TicketingSettings } from '../ticketing.settings';
import { basketError } from './basket.check';

/**
 * The summary before paying: prices, discount, commission and total of a basket, and whether
 * the seat rule would reserve it right now. Announced as cesta.resumida (the funnel's start).
 */
@Injectable()
export class SummarizeBasket {
  readonly #basket: BasketRules;
  readonly #seats: SeatDecisionRules;
  readonly #inventory = new InventoryRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    settings: TicketingSettings,
  ) {
    this.#basket = new BasketRules(settings.maxPerType);
    this.#seats = new SeatDecisionRules(settings.waitlistFactor);
  }

  async summary(user: AuthUser, body: Basket): Promise<BasketSummary> {
    const over = this.#basket.overLimit(body.items);
    if (over) throw basketError(over);
    const q = this.ctx.db.db;
    const event = await this.#inventory.findEvent(q, body.eventId);
    const types = event ? await this.#inventory.typesOf(q, event.id) : [];
    const byId = new Map(types.map((t) => [t.id, t]));
    const refusal = this.#basket.refusal(body.eventId, event, byId, body.items, new Date());
    if (refusal) throw basketError(refusal);
    if (!event) throw new AppError('NOT_FOUND', 'event not found');
    const priced = this.#basket.price(types, body.items);
    const free = body.items.every((i) => {
      const t = byId.get(i.ticketTypeId);
      return t !== undefined && this.#seats.canReserve(t, i.quantity);
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
}

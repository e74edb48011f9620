import { type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { EventRecord, NewTicketType } from '../db/event.record';
import { EventsCache } from '../db/events.cache';
import { EventsRepository } from '../db/events.repository';
import { TicketTypesRepository } from '../db/ticket-types.repository';
import { CommissionRules } from '../domain/commission.rules';
import { EventAccessPolicy } from './event-access.policy';

/** A ticket type as a manager gives it, before the commission rules price it. */
export type UnpricedTicketType = Omit<NewTicketType, 'finalPrice' | 'commission'>;

/**
 * What every change of an event does around its own steps: one transaction, the manager's
 * check under the event's row lock, ticket types priced by the commission rules, and the
 * cached catalog dropped once the change has committed.
 */
@Injectable()
export class EventWriter {
  readonly #events = new EventsRepository();
  readonly #types = new TicketTypesRepository();
  readonly #pricing = new CommissionRules();
  readonly #access = new EventAccessPolicy();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly cache: EventsCache,
  ) {}

  /** Runs `change` in one transaction, then drops the cached catalog. */
  async commit<T>(change: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.ctx.db.transaction(change);
    await this.cache.invalidate();
    return result;
  }

  /** Locks event `id` for a change by `user`: NOT_FOUND unless they may see it, FORBIDDEN unless they manage it. */
  async lockManaged(tx: Tx, user: AuthUser, id: string): Promise<EventRecord> {
    return this.#access.assertManages(user, await this.#events.lock(tx, id), id);
  }

  /** The type with its final price and commission. */
  priced<T extends { price: number; discountPercent: number }>(t: T): T & { finalPrice: number; commission: number } {
    return { ...t, ...this.#pricing.price(t.price, t.discountPercent) };
  }

  /** Inserts a ticket type, priced, with all its seats left. */
  insertType(tx: Tx, t: UnpricedTicketType): Promise<void> {
    return this.#types.insert(tx, this.priced(t));
  }
}

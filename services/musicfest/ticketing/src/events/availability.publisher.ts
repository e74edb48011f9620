import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DisponibilidadActualizada } from '../contracts/events';
import { InventoryRepository } from '../db/inventory.repository';
import { PurchaseEventsMapper } from './purchase-events.mapper';

/**
 * Publishes `disponibilidad.actualizada` for every ticket type whose counts changed, at most once
 * per type per tick (coalesced): under a rush that is a handful of events a second instead of
 * one per purchase, and the purchase transaction does not carry it. The marking UPDATE and
 * the outbox write share a transaction, so every change is announced (a newer sequence wins).
 */
@Injectable()
export class AvailabilityPublisher implements OnModuleInit, OnModuleDestroy {
  readonly #inventory = new InventoryRepository();
  readonly #events = new PurchaseEventsMapper();
  readonly #tickMs = 200;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.#timer = setInterval(() => {
      this.#running ??= this.publishChanges()
        .then(() => undefined)
        .catch((err: unknown) => this.ctx.log.warn({ err }, 'availability publish failed; retrying next tick'))
        .finally(() => {
          this.#running = undefined;
        });
    }, this.#tickMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One pass; returns how many ticket types were announced. */
  async publishChanges(): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const changed = await this.#inventory.unpublished(tx);
      for (const c of changed) await this.ctx.bus.publish(tx, DisponibilidadActualizada, this.#events.availability(c));
      return changed.length;
    });
  }
}

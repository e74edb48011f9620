import { PollingWorker, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DisponibilidadActualizada } from '../contracts/events';
import { InventoryRepository } from '../db/inventory.repository';
import { InventoryChanges } from '../db/inventory-changes';
import { PurchaseEventsMapper } from './purchase-events.mapper';

/**
 * Publishes `disponibilidad.actualizada` for every ticket type whose counts changed, at most once
 * per type per tick (coalesced): under a rush that is a handful of events a second instead of
 * one per purchase, and the purchase transaction does not carry it. The marking UPDATE and
 * the outbox write share a transaction, so every change is announced (a newer sequence wins).
 * A committed change in this process wakes it within a tick; while nothing changes it only
 * polls every few seconds, for changes made by other instances (decision 0112), and such a poll
 * is one read outside a transaction: the marking transaction opens only when it found a change
 * (decision 0130).
 */
@Injectable()
export class AvailabilityPublisher implements OnModuleInit, OnModuleDestroy {
  /** Passes that published (or found nothing to publish) in this process so far: tests wait for one. */
  static passes = 0;
  readonly #inventory = new InventoryRepository();
  readonly #events = new PurchaseEventsMapper();
  readonly #tickMs = 200;
  readonly #worker: PollingWorker;
  #unlisten: (() => void) | undefined;
  /** A change in this process was told since the last pass began (the first pass looks anyway). */
  #told = true;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#worker = new PollingWorker({
      name: 'availability publisher',
      log: ctx.log,
      idleMs: 5000,
      failure: { baseMs: this.#tickMs, maxMs: 5000 },
      onError: (err) => this.ctx.log.warn({ err }, 'availability publish failed; retrying'),
      // Never "found": the next pass is one tick away at the soonest, which is the coalescing.
      poll: async () => {
        if (!this.#told && !(await this.#inventory.anyUnpublished(this.ctx.db.db))) return false;
        this.#told = false;
        const published = await this.publishChanges();
        AvailabilityPublisher.passes++;
        if (published > 0) this.#worker.wakeIn(this.#tickMs);
        return false;
      },
    });
  }

  onModuleInit(): void {
    this.#unlisten = InventoryChanges.listen(() => {
      this.#told = true;
      this.#worker.wakeIn(this.#tickMs);
    });
    this.#worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.#unlisten?.();
    await this.#worker.stop();
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

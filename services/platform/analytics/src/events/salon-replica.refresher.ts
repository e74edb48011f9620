import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SalonReplicaRepository } from '../db/salon-replica.repository';
import { SalonsClient } from '../http/salons.client';

const RETRY_AFTER_MS = 30_000;

/**
 * Keeps the salons replica current: on each salones.actualizaciones event, and for salons
 * that booking facts name but the replica lacks (before a report). Best effort: when the
 * salons service cannot answer, reports still count, labelled by id, and it is retried later.
 */
@Injectable()
export class SalonReplicaRefresher {
  readonly #lastTry = new Map<string, number>();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly client: SalonsClient,
    private readonly replica: SalonReplicaRepository,
  ) {}

  async refresh(salonId: string): Promise<boolean> {
    this.#lastTry.set(salonId, Date.now());
    try {
      const salon = await this.client.get(salonId);
      if (!salon) return false;
      await this.replica.upsert(salon);
      return true;
    } catch (err) {
      this.ctx.log.warn({ err, salonId }, 'analytics could not refresh a salon from the salons service');
      return false;
    }
  }

  async fillMissing(): Promise<void> {
    const now = Date.now();
    for (const id of await this.replica.missing()) {
      if (now - (this.#lastTry.get(id) ?? 0) >= RETRY_AFTER_MS) await this.refresh(id);
    }
  }
}

import { salonsRoutes } from '@coordina/instudio-salons/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SalonReplicaRepository } from '../db/salon-replica.repository';

/** A salon that could not be read is not asked for again sooner than this. */
const RETRY_AFTER_MS = 5_000;
/** A report waits for this at most per salon read. */
const READ_TIMEOUT_MS = 2_000;

/**
 * Keeps the salons replica current: on each salones.actualizaciones event, on the first
 * booking event of a salon it lacks, and before a report for salons the facts name but it
 * lacks. Best effort: when the salons service cannot answer, reports still count, labelled
 * by id, and the salon is asked for again later.
 */
@Injectable()
export class SalonReplicaRefresher {
  readonly #failedAt = new Map<string, number>();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly replica: SalonReplicaRepository,
  ) {}

  async refresh(salonId: string): Promise<boolean> {
    try {
      const salon = await this.ctx.http.find(salonsRoutes, 'GET /api/instudio/salons/:id', {
        params: { id: salonId },
        timeoutMs: READ_TIMEOUT_MS,
      });
      if (salon) {
        await this.replica.upsert(salon);
        this.#failedAt.delete(salonId);
        return true;
      }
    } catch (err) {
      this.ctx.log.warn({ err, salonId }, 'analytics could not refresh a salon from the salons service');
    }
    this.#failedAt.set(salonId, Date.now());
    return false;
  }

  /** Reads a salon the replica lacks, unless it failed a moment ago. */
  async ensureKnown(salonId: string): Promise<void> {
    if (this.#recentlyFailed(salonId) || (await this.replica.adminOf(salonId)) !== undefined) return;
    await this.refresh(salonId);
  }

  async fillMissing(): Promise<void> {
    for (const id of await this.replica.missing()) if (!this.#recentlyFailed(id)) await this.refresh(id);
  }

  #recentlyFailed(salonId: string): boolean {
    return Date.now() - (this.#failedAt.get(salonId) ?? 0) < RETRY_AFTER_MS;
  }
}

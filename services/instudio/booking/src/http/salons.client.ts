import { type SalonDetail, salonsRoutes } from '@coordina/instudio-salons/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';

const TTL_MS = 30_000;

/**
 * Reads salons from the salons service (`ctx.http`, typed and validated by its route contract),
 * cached briefly; salones.actualizaciones drops the cached copy.
 */
@Injectable()
export class SalonsClient {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** The salon, or undefined if it does not exist; 503 if the salons service cannot answer. */
  async get(id: string): Promise<SalonDetail | undefined> {
    const key = this.#key(id);
    const cached = await this.ctx.cache.get<SalonDetail>(key);
    if (cached) return cached;
    const fresh = await this.ctx.http.find(salonsRoutes, 'GET /api/instudio/salons/:id', { params: { id } });
    if (fresh) await this.ctx.cache.set(key, fresh, TTL_MS);
    return fresh;
  }

  invalidate(id: string): Promise<void> {
    return this.ctx.cache.del(this.#key(id));
  }

  #key(id: string): string {
    return `booking:salon:${id}`;
  }
}

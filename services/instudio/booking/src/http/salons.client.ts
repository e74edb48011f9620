import { SalonDetail } from '@coordina/instudio-salons/contracts';
import { AppError, internalCallerHeaders, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';

const TTL_MS = 30_000;
const TIMEOUT_MS = 5_000;

/**
 * Reads salons over HTTP from the salons service's public API (synchronous reads), validated
 * with its contract and cached briefly; salones.actualizaciones drops the cached copy.
 */
@Injectable()
export class SalonsClient {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** The salon, or undefined if it does not exist; 503 if the salons service cannot answer. */
  async get(id: string): Promise<SalonDetail | undefined> {
    const key = this.#key(id);
    const cached = await this.ctx.cache.get<SalonDetail>(key);
    if (cached) return cached;
    const fresh = await this.#fetch(id);
    if (fresh) await this.ctx.cache.set(key, fresh, TTL_MS);
    return fresh;
  }

  invalidate(id: string): Promise<void> {
    return this.ctx.cache.del(this.#key(id));
  }

  #key(id: string): string {
    return `booking:salon:${id}`;
  }

  async #fetch(id: string): Promise<SalonDetail | undefined> {
    const url = `${this.ctx.config.publicUrl}/api/instudio/salons/${encodeURIComponent(id)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json', ...internalCallerHeaders(this.ctx.config) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      this.ctx.log.warn({ err, url }, 'salons service unreachable');
      throw new AppError('SERVICE_UNAVAILABLE', 'the salons service is unavailable');
    }
    if (res.status === 404) return undefined;
    if (!res.ok) {
      this.ctx.log.warn({ status: res.status, url }, 'salons service answered an error');
      throw new AppError('SERVICE_UNAVAILABLE', 'the salons service is unavailable');
    }
    const parsed = SalonDetail.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) {
      this.ctx.log.error({ issues: parsed.error.issues, url }, 'salons service broke its contract');
      throw new AppError('SERVICE_UNAVAILABLE', 'the salons service answered an unexpected body');
    }
    return parsed.data;
  }
}

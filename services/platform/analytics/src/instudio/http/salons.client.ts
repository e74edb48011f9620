import { SalonDetail } from '@coordina/instudio-salons/contracts';
import { internalCallerHeaders, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';

const TIMEOUT_MS = 2_000;

/** Reads a salon from the salons service's public API through the gateway; undefined on 404. */
@Injectable()
export class SalonsClient {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async get(id: string): Promise<SalonDetail | undefined> {
    const url = `${this.ctx.config.publicUrl}/api/instudio/salons/${encodeURIComponent(id)}`;
    const res = await fetch(url, {
      headers: { accept: 'application/json', ...internalCallerHeaders(this.ctx.config) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`salons answered ${res.status} for ${url}`);
    return SalonDetail.parse(await res.json());
  }
}

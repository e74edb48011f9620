import { PromotionPage, type PromotionView } from '@coordina/instudio-salons/contracts';
import { AppError, internalCallerHeaders, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';

const TIMEOUT_MS = 5_000;

/**
 * Reads a salon's active promotions over HTTP from the salons service's public API, validated
 * with its contract. Not cached: the price fixed on a booking must use the promotions of now.
 * A 404 (no such endpoint or salon) means no promotions.
 */
@Injectable()
export class PromotionsClient {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async active(salonId: string): Promise<PromotionView[]> {
    const url = `${this.ctx.config.publicUrl}/api/instudio/promotions?salonId=${encodeURIComponent(salonId)}&active=true&pageSize=100`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json', ...internalCallerHeaders(this.ctx.config) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      this.ctx.log.warn({ err, url }, 'salons service unreachable for promotions');
      throw new AppError('SERVICE_UNAVAILABLE', 'the salons service is unavailable');
    }
    if (res.status === 404) return [];
    if (!res.ok) {
      this.ctx.log.warn({ status: res.status, url }, 'salons service answered an error for promotions');
      throw new AppError('SERVICE_UNAVAILABLE', 'the salons service is unavailable');
    }
    const parsed = PromotionPage.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) {
      this.ctx.log.error({ issues: parsed.error.issues, url }, 'salons service broke its promotions contract');
      throw new AppError('SERVICE_UNAVAILABLE', 'the salons service answered an unexpected body');
    }
    return parsed.data.items.filter((p) => p.salonId === salonId);
  }
}

import { type PromotionView, salonsRoutes } from '@coordina/instudio-salons/contracts';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Reads a salon's active promotions from the salons service (`ctx.http`, typed and validated by
 * its route contract). Not cached: the price fixed on a booking must use the promotions of now.
 * A 404 (no such endpoint or salon) means no promotions.
 */
@Injectable()
export class PromotionsClient {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async active(salonId: string): Promise<PromotionView[]> {
    const page = await this.ctx.http.find(salonsRoutes, 'GET /api/instudio/promotions', {
      query: { salonId, active: 'true', pageSize: 100 },
    });
    return (page?.items ?? []).filter((p) => p.salonId === salonId);
  }
}

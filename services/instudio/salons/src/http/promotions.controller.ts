import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type JsonBody } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { PromotionPage, PromotionView } from '../contracts/promotions.dto';
import { salonsRoutes } from '../contracts/salons.routes';
import { PromotionsService } from './promotions.service';

/** Promotions: public listing; writes by the salon's admin or a platform admin. */
@Controller()
export class PromotionsController {
  constructor(private readonly promotions: PromotionsService) {}

  @Endpoint(salonsRoutes, 'GET /api/instudio/promotions')
  list(
    @Input() { query }: InputOf<typeof salonsRoutes, 'GET /api/instudio/promotions'>,
  ): Promise<JsonBody<PromotionPage>> {
    return this.promotions.list(query);
  }

  @Endpoint(salonsRoutes, 'POST /api/instudio/salons/:id/promotions')
  create(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'POST /api/instudio/salons/:id/promotions'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PromotionView> {
    return this.promotions.create(user, params.id, body);
  }

  @Endpoint(salonsRoutes, 'PATCH /api/instudio/promotions/:id')
  update(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'PATCH /api/instudio/promotions/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PromotionView> {
    return this.promotions.update(user, params.id, body);
  }
}

import { type AuthUser, CurrentUser, IdParams, zod } from '@coordina/platform';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  CreatePromotionBody,
  type PromotionPage,
  PromotionQuery,
  type PromotionView,
  UpdatePromotionBody,
} from '../contracts/promotions.dto';
import { PromotionsService } from './promotions.service';

/** Promotions: public listing; writes by the salon's admin or a platform admin. */
@Controller('api/instudio')
export class PromotionsController {
  constructor(private readonly promotions: PromotionsService) {}

  @Get('promotions')
  list(@Query(zod(PromotionQuery)) query: PromotionQuery): Promise<PromotionPage> {
    return this.promotions.list(query);
  }

  @Post('salons/:id/promotions')
  @HttpCode(201)
  create(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(CreatePromotionBody)) body: CreatePromotionBody,
    @CurrentUser() user: AuthUser,
  ): Promise<PromotionView> {
    return this.promotions.create(user, p.id, body);
  }

  @Patch('promotions/:id')
  update(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(UpdatePromotionBody)) body: UpdatePromotionBody,
    @CurrentUser() user: AuthUser,
  ): Promise<PromotionView> {
    return this.promotions.update(user, p.id, body);
  }
}

import { type AuthUser, CurrentUser, IdParams, zod } from '@coordina/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  Basket,
  type BasketSummary,
  CreatePurchaseBody,
  MyPurchasesQuery,
  type PurchaseAccepted,
  type PurchasePage,
  type PurchaseView,
} from '../contracts/purchase.dto';
import { AcceptPurchase } from '../use-cases/accept-purchase.use-case';
import { EndPurchase } from '../use-cases/end-purchase.use-case';
import { SummarizeBasket } from '../use-cases/summarize-basket.use-case';
import { PurchaseViewsService } from './purchase-views.service';

/** Buying, reading and cancelling purchases: each route hands over to its use case. */
@Controller('api/musicfest/purchases')
export class PurchasesController {
  constructor(
    private readonly summaries: SummarizeBasket,
    private readonly accepting: AcceptPurchase,
    private readonly ending: EndPurchase,
    private readonly views: PurchaseViewsService,
  ) {}

  @Post('summary')
  @HttpCode(200)
  summary(@Body(zod(Basket)) body: Basket, @CurrentUser() user: AuthUser): Promise<BasketSummary> {
    return this.summaries.summary(user, body);
  }

  @Post()
  @HttpCode(202)
  create(
    @Body(zod(CreatePurchaseBody)) body: CreatePurchaseBody,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<PurchaseAccepted> {
    return this.accepting.accept(user, body, key);
  }

  @Get()
  mine(@Query(zod(MyPurchasesQuery)) q: MyPurchasesQuery, @CurrentUser() user: AuthUser): Promise<PurchasePage> {
    return this.views.mine(user, q.page, q.pageSize);
  }

  @Get(':id')
  get(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<PurchaseView> {
    return this.views.get(user, p.id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<PurchaseView> {
    await this.ending.cancelByBuyer(user, p.id);
    return this.views.get(user, p.id);
  }
}

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
import { CancellationsService } from './cancellations.service';
import { PurchaseViewsService } from './purchase-views.service';
import { PurchasesService } from './purchases.service';

@Controller('api/musicfest/purchases')
export class PurchasesController {
  constructor(
    private readonly purchases: PurchasesService,
    private readonly views: PurchaseViewsService,
    private readonly cancellations: CancellationsService,
  ) {}

  @Post('summary')
  @HttpCode(200)
  summary(@Body(zod(Basket)) body: Basket, @CurrentUser() user: AuthUser): Promise<BasketSummary> {
    return this.purchases.summary(user, body);
  }

  @Post()
  @HttpCode(202)
  create(
    @Body(zod(CreatePurchaseBody)) body: CreatePurchaseBody,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<PurchaseAccepted> {
    return this.purchases.create(user, body, key);
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
  cancel(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<PurchaseView> {
    return this.cancellations.cancel(user, p.id);
  }
}

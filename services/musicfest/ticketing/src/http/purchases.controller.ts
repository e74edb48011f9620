import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller, Headers } from '@nestjs/common';
import type { BasketSummary, PurchaseAccepted, PurchasePage, PurchaseView } from '../contracts/purchase.dto';
import { ticketingRoutes } from '../contracts/ticketing.routes';
import { AcceptPurchase } from '../use-cases/accept-purchase.use-case';
import { EndPurchase } from '../use-cases/end-purchase.use-case';
import { SummarizeBasket } from '../use-cases/summarize-basket.use-case';
import { PurchaseViewsService } from './purchase-views.service';

/** Buying, reading and cancelling purchases: each route hands over to its use case. */
@Controller()
export class PurchasesController {
  constructor(
    private readonly summaries: SummarizeBasket,
    private readonly accepting: AcceptPurchase,
    private readonly ending: EndPurchase,
    private readonly views: PurchaseViewsService,
  ) {}

  @Endpoint(ticketingRoutes, 'POST /api/musicfest/purchases/summary')
  summary(
    @Input() { body }: InputOf<typeof ticketingRoutes, 'POST /api/musicfest/purchases/summary'>,
    @CurrentUser() user: AuthUser,
  ): Promise<BasketSummary> {
    return this.summaries.summary(user, body);
  }

  @Endpoint(ticketingRoutes, 'POST /api/musicfest/purchases')
  create(
    @Input() { body }: InputOf<typeof ticketingRoutes, 'POST /api/musicfest/purchases'>,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<PurchaseAccepted> {
    return this.accepting.accept(user, body, key);
  }

  @Endpoint(ticketingRoutes, 'GET /api/musicfest/purchases')
  mine(
    @Input() { query }: InputOf<typeof ticketingRoutes, 'GET /api/musicfest/purchases'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PurchasePage> {
    return this.views.mine(user, query.page, query.pageSize);
  }

  @Endpoint(ticketingRoutes, 'GET /api/musicfest/purchases/:id')
  get(
    @Input() { params }: InputOf<typeof ticketingRoutes, 'GET /api/musicfest/purchases/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PurchaseView> {
    return this.views.get(user, params.id);
  }

  @Endpoint(ticketingRoutes, 'POST /api/musicfest/purchases/:id/cancel')
  async cancel(
    @Input() { params }: InputOf<typeof ticketingRoutes, 'POST /api/musicfest/purchases/:id/cancel'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PurchaseView> {
    await this.ending.cancelByBuyer(user, params.id);
    return this.views.get(user, params.id);
  }
}

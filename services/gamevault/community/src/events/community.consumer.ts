import { ProductoActualizado, ProductoPublicado } from '@coordina/gamevault-catalog/contracts';
import { PedidoCancelado, PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { PagoReembolsado } from '@coordina/payments/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ResenaAprobada, ResenaRetirada } from '../contracts/events';
import { PurchasesRepository } from '../db/purchases.repository';
import { ReviewCache } from '../db/review.cache';

/**
 * What the community learns from events (the inbox runs each once): who bought what (from
 * pedido.pagado: who may review) and what was taken back (pedido.cancelado, and a full refund,
 * pago.reembolsado: no new review from that purchase; one written already stays), who sells each product (from the catalog: sellers' ratings),
 * and when a product's public reviews changed (its cached pages are dropped, on every instance).
 */
@Injectable()
export class CommunityConsumer implements OnModuleInit {
  readonly #purchases = new PurchasesRepository();
  readonly #cache: ReviewCache;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#cache = new ReviewCache(ctx.cache);
  }

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'gamevault-community.purchases',
      handlers: [
        on(PedidoPagado, async (d, _e, tx) => {
          for (const line of d.items)
            await this.#purchases.record(tx, d.userId, line.productId, d.orderId, d.paymentId, new Date(d.at));
        }),
        on(PedidoCancelado, (d, _e, tx) => this.#purchases.revoke(tx, 'order', d.orderId, d.reason, new Date(d.at))),
        // Every full refund (other systems' payments too: their ids match no purchase).
        on(PagoReembolsado, (d, e, tx) =>
          this.#purchases.revoke(tx, 'payment', d.paymentId, d.reason, new Date(e.time)),
        ),
        on(ProductoPublicado, (d, _e, tx) => this.#purchases.recordSeller(tx, d.product.id, d.product.sellerId)),
        on(ProductoActualizado, (d, _e, tx) => this.#purchases.recordSeller(tx, d.product.id, d.product.sellerId)),
      ],
    });
    this.ctx.bus.subscribe({
      group: 'gamevault-community.cache',
      handlers: [
        on(ResenaAprobada, (d) => this.#cache.invalidate(d.productId)),
        on(ResenaRetirada, (d) => this.#cache.invalidate(d.productId)),
      ],
    });
  }
}

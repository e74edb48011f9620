import { type EventData, on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ProductoActualizado } from '../contracts/events';
import { ReservaStockFallida, StockLiberar, StockReservado, StockReservar } from '../contracts/stock.events';
import { ProductsRepository } from '../db/products.repository';
import { StockRepository } from '../db/stock.repository';
import { decideReservation } from '../domain/stock.rules';

type Reserve = EventData<typeof StockReservar>;

/**
 * The catalog's part of the orders saga: reserves an order's units under the products' row
 * locks (never more than the stock: two orders for the last unit queue on its lock, and the
 * second sees none left), answers stock.reservado or reserva-stock.fallida, and gives units
 * back on stock.liberar. Each stock change is announced by producto.actualizado, which drops
 * the cached reads. The inbox makes each command run once.
 */
@Injectable()
export class StockReservationsConsumer implements OnModuleInit {
  readonly #stock = new StockRepository();
  readonly #products = new ProductsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'gamevault-catalog.stock',
      handlers: [
        on(StockReservar, (d, _e, tx) => this.reserve(tx, d)),
        on(StockLiberar, async (d, _e, tx) => this.#announce(tx, await this.#stock.release(tx, d.orderId, d.reason))),
      ],
    });
  }

  async reserve(tx: Tx, d: Reserve): Promise<void> {
    const ref = { sagaId: d.sagaId, orderId: d.orderId };
    if (!(await this.#stock.claim(tx, d.orderId))) {
      // Released before it came (the saga gave up waiting); a reserved or refused order was answered.
      if ((await this.#stock.status(tx, d.orderId)) === 'RELEASED')
        await this.ctx.bus.publish(tx, ReservaStockFallida, { ...ref, reason: 'already_released' });
      return;
    }
    const locked = await this.#stock.lockProducts(
      tx,
      d.items.map((l) => l.productId),
    );
    const decision = decideReservation(d.items, locked);
    if (!decision.ok) {
      await this.#stock.refuse(tx, d.orderId, decision.reason);
      await this.ctx.bus.publish(tx, ReservaStockFallida, {
        ...ref,
        reason: decision.reason,
        productId: decision.productId,
      });
      return;
    }
    const left = await this.#stock.take(tx, d.orderId, d.items);
    await this.ctx.bus.publish(tx, StockReservado, {
      ...ref,
      items: left,
    });
    await this.#announce(
      tx,
      left.map((l) => l.productId),
    );
  }

  /** producto.actualizado for each product whose stock changed. */
  async #announce(tx: Tx, productIds: readonly string[]): Promise<void> {
    for (const id of productIds) {
      const product = await this.#products.find(tx, id);
      if (product) await this.ctx.bus.publish(tx, ProductoActualizado, { product, at: product.updatedAt });
    }
  }
}

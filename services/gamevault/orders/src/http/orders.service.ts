import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, isPgError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PedidoCreado } from '../contracts/events';
import type {
  CheckoutBody,
  MyOrdersQuery,
  OrderAccepted,
  OrderPage,
  OrderView,
  PaymentMethod,
} from '../contracts/order.dto';
import { OrdersErrors } from '../contracts/orders.errors';
import { OrdersRepository } from '../db/orders.repository';
import { cartTotals } from '../domain/cart-totals';
import { ORDER_SAGA, type OrderSagaState } from '../events/order-saga.state';
import { CartService } from './cart.service';
import { LogisticsClient } from './logistics.client';
import { toOrderLine, toOrderSummary, toOrderView } from './order-view.mapper';

const UNIQUE_VIOLATION = '23505';
const ADMINS = ['gamevault_admin', 'platform_admin'];
/** The statuses in which logistics has the order's keys and shipment. */
const FULFILLED: readonly string[] = ['FULFILLED', 'SHIPPED', 'DELIVERED'];

/** Checkout (the order and its saga) and the buyer's orders. */
@Injectable()
export class OrdersService {
  readonly #orders = new OrdersRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly cart: CartService,
    private readonly logistics: LogisticsClient,
  ) {}

  /**
   * Turns the cart into an order priced by the catalog now, empties the cart and starts the
   * saga, all in one transaction. A checkout repeated with its Idempotency-Key answers the
   * order its first run made (and so never charges twice: one order, one payment id).
   */
  async checkout(user: AuthUser, body: CheckoutBody, idempotencyKey?: string): Promise<OrderAccepted> {
    if (idempotencyKey) {
      const earlier = await this.#orders.findByKey(this.ctx.db.db, user.id, idempotencyKey);
      if (earlier) return { id: earlier.id, status: earlier.status };
    }
    const id = randomUUID();
    const paymentId = randomUUID();
    try {
      const cart = await this.cart.priced(user.id);
      if (cart.lines.length === 0) throw new AppError(OrdersErrors.CART_EMPTY, 'add products to the cart first');
      const short = cart.lines.find((l) => l.stock < l.quantity);
      if (short) throw new AppError(OrdersErrors.INSUFFICIENT_STOCK, `only ${short.stock} left of ${short.title}`);
      const totals = cartTotals(cart.lines);
      if (totals.totalCents === 0) throw new AppError('INVALID_STATE', 'the order costs nothing: nothing to charge');
      await this.ctx.db.transaction(async (tx) => {
        await this.cart.carts.lock(tx, user.id);
        const taken = await this.cart.carts.takeAll(tx, user.id);
        const same =
          taken.length === cart.items.length &&
          taken.every((t) => cart.items.some((i) => i.productId === t.productId && i.quantity === t.quantity));
        if (!same) throw new AppError(OrdersErrors.CART_CHANGED, 'the cart changed while checking out: try again');
        const lines = cart.lines.map((l) => ({
          productId: l.productId,
          title: l.title,
          format: l.format,
          unitPriceCents: l.unitPriceCents,
          quantity: l.quantity,
        }));
        await this.#orders.insert(tx, {
          id,
          userId: user.id,
          totals,
          paymentId,
          paymentProvider: body.paymentMethod.provider,
          idempotencyKey: idempotencyKey ?? null,
          shippingAddress: lines.some((l) => l.format === 'physical') ? (body.shippingAddress ?? null) : null,
          lines,
        });
        await this.ctx.bus.publish(tx, PedidoCreado, {
          orderId: id,
          userId: user.id,
          items: lines.map(toOrderLine),
          totals,
          at: new Date().toISOString(),
        });
        const state: OrderSagaState = {
          orderId: id,
          userId: user.id,
          paymentId,
          paymentProvider: body.paymentMethod.provider,
          paymentMethod: chargedMethod(body.paymentMethod),
          totalCents: totals.totalCents,
          igvCents: totals.igvCents,
          items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
        };
        await this.ctx.sagas.start(tx, ORDER_SAGA, id, state);
      });
    } catch (err) {
      // The same checkout running at the same time (its key's unique constraint): the answer
      // is the order that run made.
      const earlier =
        idempotencyKey && (isPgError(err, UNIQUE_VIOLATION) || err instanceof AppError)
          ? await this.#orders.findByKey(this.ctx.db.db, user.id, idempotencyKey)
          : undefined;
      if (earlier) return { id: earlier.id, status: earlier.status };
      throw err;
    }
    return { id, status: 'PENDING' };
  }

  /**
   * The order; once fulfilled, with logistics' keys (read with the caller's `authorization`,
   * so only the buyer gets them) and shipment.
   */
  async get(user: AuthUser, id: string, authorization?: string): Promise<OrderView> {
    const o = await this.#orders.find(this.ctx.db.db, id);
    if (!o) throw new AppError('NOT_FOUND', `order ${id} not found`);
    if (o.userId !== user.id && !user.roles.some((r) => ADMINS.includes(r)))
      throw new AppError('FORBIDDEN', 'not your order');
    const [lines, history, fulfilment] = await Promise.all([
      this.#orders.lines(this.ctx.db.db, id),
      this.#orders.history(this.ctx.db.db, id),
      FULFILLED.includes(o.status) && authorization ? this.logistics.fulfilment(id, authorization) : undefined,
    ]);
    return toOrderView(o, lines, history, fulfilment);
  }

  async mine(user: AuthUser, q: MyOrdersQuery): Promise<OrderPage> {
    const { items, total } = await this.#orders.listForUser(this.ctx.db.db, user.id, q.page, q.pageSize);
    return { items: items.map(toOrderSummary), total, page: q.page, pageSize: q.pageSize };
  }
}

/** What the payments adapter of the buyer's provider charges. */
function chargedMethod(m: PaymentMethod): OrderSagaState['paymentMethod'] {
  switch (m.provider) {
    case 'card':
      return m.token;
    case 'paypal':
      return m.vaultId;
    default:
      return { phone: m.phone, approvalCode: m.approvalCode };
  }
}

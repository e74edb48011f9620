import {
  ReservaStockFallida,
  StockLiberar,
  StockReservado,
  StockReservar,
} from '@coordina/gamevault-catalog/contracts';
import {
  EntregaAnular,
  EntregaFallida,
  EntregaPreparada,
  EntregaPreparar,
} from '@coordina/gamevault-logistics/contracts';
import { authorizePayment } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, type SagaStep, SagaStepFailed } from '@coordina/platform';
import { PedidoCancelado, PedidoPagado } from '../contracts/events';
import type { CartsRepository } from '../db/carts.repository';
import type { OrdersRepository } from '../db/orders.repository';
import { cancellationReason } from '../domain/cancellation-reason';
import { toOrderLine, totalsOf } from '../http/order-view.mapper';
import type { OrdersSettings } from '../orders.settings';
import { ORDER_SAGA, type OrderSagaState } from './order-saga.state';

type Step = SagaStep<OrderSagaState>;

export interface OrderSagaParts {
  orders: OrdersRepository;
  carts: CartsRepository;
  settings: OrdersSettings;
}

/** CreateOrder, done by the checkout's transaction; its undo cancels the order and gives the cart back. */
function createOrder({ orders, carts }: OrderSagaParts): Step {
  return {
    name: 'CreateOrder',
    byCaller: true,
    undo: {
      name: 'CancelOrder',
      run: async (s, ctx, failure) => {
        const reason = cancellationReason(failure);
        const cancelled = await orders.move(ctx.tx, s.orderId, 'cancel', reason);
        if (!cancelled) return;
        await carts.restore(
          ctx.tx,
          s.userId,
          s.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
        );
        await ctx.publish(PedidoCancelado, {
          orderId: s.orderId,
          userId: s.userId,
          reason,
          at: new Date().toISOString(),
        });
      },
    },
  };
}

/** The catalog takes the units out of stock under row locks (all or nothing); its undo gives them back. */
function reserveStock({ settings }: OrderSagaParts): Step {
  return {
    name: 'ReserveStock',
    command: async (s, ctx) => {
      await ctx.publish(StockReservar, { sagaId: ctx.sagaId, orderId: s.orderId, items: s.items });
    },
    replies: {
      success: StockReservado,
      failure: ReservaStockFallida,
      correlate: (d: { sagaId: string }) => d.sagaId,
      reason: (d: { reason: string }) => d.reason,
    },
    timeoutMs: settings.stockTimeoutMs,
    undo: {
      name: 'ReleaseStock',
      run: async (s, ctx, failure) => {
        await ctx.publish(StockLiberar, { orderId: s.orderId, reason: cancellationReason(failure).slice(0, 500) });
      },
    },
  };
}

/** Payments charges the order's total (the shared step); the order awaits the payment meanwhile. */
function authorize({ orders, settings }: OrderSagaParts): Step {
  const payment = authorizePayment<OrderSagaState>({
    charge: (s) => ({
      paymentId: s.paymentId,
      userId: s.userId,
      amount: s.totalCents,
      ...(s.igvCents === undefined ? {} : { igvCents: s.igvCents }),
      provider: s.paymentProvider ?? 'card',
      paymentMethod: s.paymentMethod,
      reference: `gamevault:${s.orderId}`,
      description: `GameVault order ${s.orderId}`,
    }),
    timeoutMs: settings.paymentTimeoutMs,
    refundReason: (_s, failure) => cancellationReason(failure),
    onRefund: async (s, ctx) => {
      await orders.refunds.markRequested(ctx.tx, s.orderId);
    },
  });
  return {
    ...payment,
    command: async (s, ctx) => {
      if (!(await orders.move(ctx.tx, s.orderId, 'reserve')))
        throw new SagaStepFailed('the order is no longer pending');
      await payment.command?.(s, ctx);
    },
  };
}

/** Paid: the order awaits fulfilment; pedido.pagado tells the buyer (notifications) and analytics. */
function markPaid({ orders }: OrderSagaParts): Step {
  return {
    name: 'MarkPaid',
    run: async (s, ctx) => {
      const paid = await orders.move(ctx.tx, s.orderId, 'pay', 'awaiting fulfilment');
      if (!paid) throw new SagaStepFailed('the order is no longer awaiting payment');
      const lines = await orders.lines(ctx.tx, s.orderId);
      await ctx.publish(PedidoPagado, {
        orderId: s.orderId,
        userId: s.userId,
        paymentId: s.paymentId,
        items: lines.map(toOrderLine),
        totals: totalsOf(paid),
        at: paid.updatedAt.toISOString(),
      });
      return undefined;
    },
  };
}

/**
 * Logistics delivers the keys of the digital lines and ships the physical ones, all or nothing
 * (a digital product out of keys refuses the order: the saga refunds and releases the stock).
 * Its undo annuls the fulfilment (keys revoked, shipment cancelled), also when the reply is late.
 */
function fulfil({ orders, settings }: OrderSagaParts): Step {
  return {
    name: 'Fulfil',
    command: async (s, ctx) => {
      const lines = await orders.lines(ctx.tx, s.orderId);
      const order = await orders.find(ctx.tx, s.orderId);
      await ctx.publish(EntregaPreparar, {
        sagaId: ctx.sagaId,
        orderId: s.orderId,
        userId: s.userId,
        shippingAddress: order?.shippingAddress ?? null,
        lines: lines.map((l) => ({ productId: l.productId, title: l.title, format: l.format, quantity: l.quantity })),
      });
    },
    replies: {
      success: EntregaPreparada,
      failure: EntregaFallida,
      correlate: (d: { sagaId: string }) => d.sagaId,
      reason: (d: { reason: string }) => d.reason,
    },
    timeoutMs: settings.fulfilmentTimeoutMs,
    undo: {
      name: 'AnnulFulfilment',
      run: async (s, ctx, failure) => {
        await ctx.publish(EntregaAnular, {
          orderId: s.orderId,
          userId: s.userId,
          reason: cancellationReason(failure).slice(0, 500),
        });
      },
    },
  };
}

/** Fulfilled: the keys are the buyer's (the order view shows them) and the shipment is on its way. */
function markFulfilled({ orders }: OrderSagaParts): Step {
  return {
    name: 'MarkFulfilled',
    run: async (s, ctx) => {
      if (!(await orders.move(ctx.tx, s.orderId, 'fulfil'))) throw new SagaStepFailed('the order is no longer paid');
      return undefined;
    },
  };
}

/**
 * The order saga (seed 001: CCP orchestrates CCP → SP → LE). Its steps, in order; undos run
 * in reverse and are idempotent:
 * CreateOrder (by the checkout) / CancelOrder → ReserveStock (catalog) / ReleaseStock →
 * AuthorizePayment (payments) / RefundPayment → MarkPaid → Fulfil (logistics) /
 * AnnulFulfilment → MarkFulfilled. The shipment's progress after that (SHIPPED, DELIVERED)
 * follows logistics' envio.actualizado (ShipmentProgressConsumer), outside the saga.
 */
export function orderSaga(parts: OrderSagaParts): SagaDefinition<OrderSagaState> {
  return defineSaga<OrderSagaState>({
    name: ORDER_SAGA,
    steps: [
      createOrder(parts),
      reserveStock(parts),
      authorize(parts),
      markPaid(parts),
      fulfil(parts),
      markFulfilled(parts),
    ],
  });
}

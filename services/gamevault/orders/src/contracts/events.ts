import { defineEvent } from '@coordina/platform';
import { z } from 'zod';
import { Totals } from './cart.dto';
import { OrderLine } from './order.dto';

const OrderRef = { orderId: z.uuid(), userId: z.uuid() };

/** The buyer checked out: the order exists and its saga started (stock, payment, paid). */
export const PedidoCreado = defineEvent({
  topic: 'pedido.creado',
  version: 1,
  key: (d) => d.orderId,
  description: 'A GameVault buyer checked out a cart; the order saga reserves its stock and charges it.',
  schema: z.object({ ...OrderRef, items: z.array(OrderLine), totals: Totals, at: z.iso.datetime({ offset: true }) }),
});

/** Stock reserved and payment authorized: the order awaits fulfilment (keys, shipments). */
export const PedidoPagado = defineEvent({
  topic: 'pedido.pagado',
  version: 1,
  key: (d) => d.orderId,
  description: 'A GameVault order was paid and awaits fulfilment; the buyer gets a confirmation.',
  schema: z.object({
    ...OrderRef,
    paymentId: z.uuid(),
    items: z.array(OrderLine),
    totals: Totals,
    at: z.iso.datetime({ offset: true }),
  }),
});

/** The saga compensated: stock released and the charge refunded or voided when there was one. */
export const PedidoCancelado = defineEvent({
  topic: 'pedido.cancelado',
  version: 1,
  key: (d) => d.orderId,
  description: 'A GameVault order was cancelled (stock short, payment declined or timed out).',
  schema: z.object({ ...OrderRef, reason: z.string(), at: z.iso.datetime({ offset: true }) }),
});

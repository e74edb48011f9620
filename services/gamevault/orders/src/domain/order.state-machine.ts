import type { OrderStatus } from '../contracts/order.dto';

export type OrderTrigger = 'reserve' | 'pay' | 'fulfil' | 'ship' | 'deliver' | 'cancel';

/** From which statuses each trigger moves an order, and to which. */
const transitions: Readonly<Record<OrderTrigger, { from: readonly OrderStatus[]; to: OrderStatus }>> = {
  reserve: { from: ['PENDING'], to: 'AWAITING_PAYMENT' },
  pay: { from: ['AWAITING_PAYMENT'], to: 'PAID' },
  fulfil: { from: ['PAID'], to: 'FULFILLED' },
  ship: { from: ['FULFILLED'], to: 'SHIPPED' },
  deliver: { from: ['FULFILLED', 'SHIPPED'], to: 'DELIVERED' },
  cancel: { from: ['PENDING', 'AWAITING_PAYMENT', 'PAID'], to: 'CANCELLED' },
};

/**
 * The order's state machine: the repository takes each guard and target from here, so every
 * change of status is one `UPDATE … WHERE status = ANY(from)` and concurrent changes cannot
 * both win. After PAID, logistics' fulfilment (FULFILLED) and its shipment's progress.
 */
export function orderTransition(trigger: OrderTrigger): { from: readonly OrderStatus[]; to: OrderStatus } {
  return transitions[trigger];
}

export function canTransition(from: OrderStatus, trigger: OrderTrigger): boolean {
  return transitions[trigger].from.includes(from);
}

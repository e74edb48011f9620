import type { OrderStatus } from '../contracts/order.dto';

export type OrderTrigger = 'reserve' | 'pay' | 'cancel';

/** From which statuses each trigger moves an order, and to which. */
const transitions: Readonly<Record<OrderTrigger, { from: readonly OrderStatus[]; to: OrderStatus }>> = {
  reserve: { from: ['PENDING'], to: 'AWAITING_PAYMENT' },
  pay: { from: ['AWAITING_PAYMENT'], to: 'PAID' },
  cancel: { from: ['PENDING', 'AWAITING_PAYMENT'], to: 'CANCELLED' },
};

/**
 * The order's state machine: the repository takes each guard and target from here, so every
 * change of status is one `UPDATE … WHERE status = ANY(from)` and concurrent changes cannot
 * both win. Logistics (a later service) adds its states after PAID.
 */
export function orderTransition(trigger: OrderTrigger): { from: readonly OrderStatus[]; to: OrderStatus } {
  return transitions[trigger];
}

export function canTransition(from: OrderStatus, trigger: OrderTrigger): boolean {
  return transitions[trigger].from.includes(from);
}

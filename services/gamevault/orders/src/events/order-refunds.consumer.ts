import { PagoParcialmenteReembolsado, PagoReembolsado } from '@coordina/payments/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { OrdersRepository } from '../db/orders.repository';

const soles = (cents: number) => `S/ ${(cents / 100).toFixed(2)}`;

/**
 * What payments refunded of each order's charge (the inbox runs each fact once): a partial
 * refund by an admin raises the order's `refundedCents` and writes a history entry; a full
 * refund (the saga's compensation, or an admin's of the rest) marks the refund done and the
 * whole total refunded. Payments of other systems match no order and change nothing.
 */
@Injectable()
export class OrderRefundsConsumer implements OnModuleInit {
  readonly #orders = new OrdersRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'gamevault-orders.refunds',
      handlers: [
        on(PagoParcialmenteReembolsado, async (d, _e, tx) => {
          const reason = `partial refund of ${soles(d.amount)} (${soles(d.refundedTotal)} refunded): ${d.reason}`;
          await this.#orders.refunded(tx, d.paymentId, d.refundedTotal, reason.slice(0, 1000));
        }),
        on(PagoReembolsado, async (d, _e, tx) => {
          await this.#orders.refunds.markRefunded(tx, d.paymentId);
          if (d.amount > 0) await this.#orders.refunded(tx, d.paymentId, 'all', `refunded in full: ${d.reason}`);
        }),
      ],
    });
  }
}

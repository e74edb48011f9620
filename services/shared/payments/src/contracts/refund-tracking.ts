import { type Db, on, type ServiceContext, sql } from '@coordina/platform';
import { PagoReembolsado } from './events';

/**
 * Where a service that charges keeps the refund of each charge, in its own table beside the
 * row's `payment_id`: `refund_status` goes NONE → REQUESTED (its saga asked payments for the
 * refund) → REFUNDED (payments reported pago.reembolsado). Booking and ticketing keep one each.
 */
export class RefundTracking {
  /** `table`: the service's table with `id`, `payment_id`, `refund_status` and `updated_at`. */
  constructor(readonly table: string) {}

  /** The saga asked for the refund of row `id`'s payment (once: a later request changes nothing). */
  async markRequested(q: Db, id: string): Promise<void> {
    await sql`UPDATE ${sql.table(this.table)} SET refund_status = 'REQUESTED', updated_at = now()
      WHERE id = ${id} AND refund_status = 'NONE'`.execute(q);
  }

  /** A refund (or void) of this payment landed. */
  async markRefunded(q: Db, paymentId: string): Promise<void> {
    await sql`UPDATE ${sql.table(this.table)} SET refund_status = 'REFUNDED', updated_at = now()
      WHERE payment_id = ${paymentId} AND refund_status <> 'REFUNDED'`.execute(q);
  }

  /** Consumer `group` marks the refunds payments reports (other services' payments match no row). */
  subscribe(ctx: ServiceContext, group: string): void {
    ctx.bus.subscribe({
      group,
      handlers: [on(PagoReembolsado, (d, _event, tx) => this.markRefunded(tx, d.paymentId))],
    });
  }
}

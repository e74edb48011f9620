import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PaymentsErrors } from '../contracts/payments.errors';
import { PaymentLogRepository } from '../db/payment-log.repository';
import { PaymentRefundsRepository } from '../db/payment-refunds.repository';
import { PaymentsQuery } from './payments.query';
import { renderReceipt } from './receipt.pdf';

/** Statuses of a payment whose charge was captured (a receipt exists). */
const CAPTURED = new Set(['AUTHORIZED', 'REFUNDING', 'REFUNDED']);

/** A payment's digital receipt (PDF), for its payer or a platform admin. */
@Injectable()
export class ReceiptsService {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly query: PaymentsQuery,
    private readonly refunds: PaymentRefundsRepository,
    private readonly log: PaymentLogRepository,
  ) {}

  async receipt(id: string, user: AuthUser): Promise<Buffer> {
    const p = await this.query.readable(id, user);
    if (!CAPTURED.has(p.status) || p.amount === null || p.currency === null) {
      throw new AppError(PaymentsErrors.PAYMENT_NOT_CAPTURED, `payment ${id} is ${p.status}: it has no receipt`);
    }
    const db = this.ctx.db.db;
    const [refunds, log] = await Promise.all([this.refunds.list(db, id), this.log.list(db, id)]);
    const paid = log.find((e) => e.type === 'succeeded');
    return renderReceipt({
      paymentId: p.id,
      reference: p.reference ?? '',
      description: p.description,
      provider: p.provider,
      method: p.paymentMethod,
      providerRef: p.providerRef,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      igv: p.igvAmount,
      paidAt: paid?.at ?? p.createdAt,
      refunds: refunds.map((r) => ({ amount: r.amount, reason: r.reason, at: r.createdAt })),
      refundedTotal: p.status === 'REFUNDED' ? p.amount : p.refundedAmount,
      issuedAt: new Date(),
    });
  }
}

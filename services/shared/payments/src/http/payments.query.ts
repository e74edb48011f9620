import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PaymentLogView, PaymentView } from '../contracts/payments.dto';
import type { PaymentRecord } from '../db/payment.record';
import { PaymentLogRepository } from '../db/payment-log.repository';
import { PaymentsRepository } from '../db/payments.repository';
import { toPaymentView } from './payment-view.mapper';

/** Reads a payment for its owner or a platform admin, and its transaction log for an admin. */
@Injectable()
export class PaymentsQuery {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly payments: PaymentsRepository,
    private readonly log: PaymentLogRepository,
  ) {}

  async get(id: string, user: AuthUser): Promise<PaymentView> {
    return toPaymentView(await this.readable(id, user));
  }

  /** The payment, when `user` paid it or is a platform admin (404, else 403). */
  async readable(id: string, user: AuthUser): Promise<PaymentRecord> {
    const p = await this.payments.find(this.ctx.db.db, id);
    if (!p) throw new AppError('NOT_FOUND', `payment ${id} not found`);
    if (p.userId !== user.id && !user.roles.includes('platform_admin')) {
      throw new AppError('FORBIDDEN', 'only the payment owner or a platform admin may read it');
    }
    return p;
  }

  async transactionLog(id: string): Promise<PaymentLogView> {
    const entries = await this.log.list(this.ctx.db.db, id);
    if (entries.length === 0) throw new AppError('NOT_FOUND', `payment ${id} not found`);
    return {
      paymentId: id,
      entries: entries.map((e) => ({ seq: e.seq, type: e.type, detail: e.detail, at: e.at.toISOString() })),
    };
  }
}

import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PaymentView } from '../contracts/payments.dto';
import { PaymentsRepository } from '../db/payments.repository';

/** Reads a payment for its owner or a platform admin. */
@Injectable()
export class PaymentsQuery {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly payments: PaymentsRepository,
  ) {}

  async get(id: string, user: AuthUser): Promise<PaymentView> {
    const p = await this.payments.find(this.ctx.db.db, id);
    if (!p) throw new AppError('NOT_FOUND', `payment ${id} not found`);
    if (p.userId !== user.id && !user.roles.includes('platform_admin')) {
      throw new AppError('FORBIDDEN', 'only the payment owner or a platform admin may read it');
    }
    return {
      id: p.id,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      provider: p.provider,
      reference: p.reference,
      createdAt: p.createdAt.toISOString(),
      refundedAmount: p.refundedAmount,
    };
  }
}

import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PagoParcialmenteReembolsado } from '../contracts/events';
import type { RefundBody, RefundView } from '../contracts/payments.dto';
import { PaymentsErrors } from '../contracts/payments.errors';
import type { PaymentRecord } from '../db/payment.record';
import { PaymentLogRepository } from '../db/payment-log.repository';
import { type PaymentRefundRecord, PaymentRefundsRepository } from '../db/payment-refunds.repository';
import { PaymentsRepository } from '../db/payments.repository';
import { PaymentTransitions } from '../events/payment.transitions';
import { PAYMENT_PROVIDERS, type PaymentProviders } from '../providers/payment-providers.registry';
import { toPaymentView } from './payment-view.mapper';

/**
 * Refunds by a platform admin (decision 0073), each in one transaction under the payment's
 * row lock: the Idempotency-Key is unique per payment (the same key answers the first
 * refund), the amount is at most what is left of the capture (the conditional update, then
 * the CHECK constraint), and the provider is asked in the same transaction (a refusal rolls
 * everything back). A refund of the whole rest is the payment's full refund (REFUNDING until
 * the provider confirms, then pago.reembolsado); a partial one is accepted at once and
 * announced as pago.parcialmente-reembolsado.
 */
@Injectable()
export class PaymentRefundsService {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
    private readonly payments: PaymentsRepository,
    private readonly refunds: PaymentRefundsRepository,
    private readonly log: PaymentLogRepository,
    private readonly transitions: PaymentTransitions,
  ) {}

  async refund(id: string, body: RefundBody, admin: AuthUser, key: string | undefined): Promise<RefundView> {
    if (!key || key.length > 255) {
      throw new AppError('VALIDATION_FAILED', 'send an Idempotency-Key (1-255 characters)', {
        errors: [{ field: 'headers.idempotency-key', message: 'required, 1-255 characters' }],
      });
    }
    return this.ctx.db.transaction(async (tx) => {
      const p = await this.payments.lock(tx, id);
      if (!p) throw new AppError('NOT_FOUND', `payment ${id} not found`);
      const earlier = await this.refunds.findByKey(tx, id, key);
      if (earlier) {
        if (body.amount !== undefined && body.amount !== earlier.amount) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        return this.#view(tx, earlier);
      }
      return this.#refund(tx, p, body, admin, key);
    });
  }

  /** Asks the provider (in the transaction): a refusal or a fault rolls the refund back, answered 503. */
  async #atProvider(paymentId: string, ask: () => Promise<unknown>): Promise<void> {
    try {
      await ask();
    } catch (err) {
      this.ctx.log.warn({ err, paymentId }, 'the provider refused or missed an admin refund');
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'the provider could not refund now; retry with the same Idempotency-Key',
      );
    }
  }

  async #refund(tx: Tx, p: PaymentRecord, body: RefundBody, admin: AuthUser, key: string): Promise<RefundView> {
    if (p.status !== 'AUTHORIZED' || !p.amount || !p.providerRef || !p.userId || !p.currency || !p.reference) {
      throw new AppError(PaymentsErrors.PAYMENT_NOT_CAPTURED, `payment ${p.id} is ${p.status}: nothing to refund`);
    }
    const rest = p.amount - p.refundsCommitted;
    const amount = body.amount ?? rest;
    if (amount > rest) {
      throw new AppError(PaymentsErrors.REFUND_EXCEEDS_CAPTURED, `at most ${rest} of ${p.amount} can be refunded`, {
        errors: [{ field: 'body.amount', message: `at most ${rest}` }],
      });
    }
    const refund = await this.refunds.insert(tx, {
      id: randomUUID(),
      paymentId: p.id,
      amount,
      reason: body.reason,
      requestedBy: admin.id,
      key,
    });
    const source = `admin:${admin.id}`;
    await this.log.append(tx, p.id, 'admin_refund', { refundId: refund.id, amount, reason: body.reason, source });
    if (amount === rest) {
      await this.#atProvider(p.id, () =>
        this.transitions.apply(tx, p, 'refund_requested', { reason: body.reason, source, refundId: refund.id }),
      );
      return this.#view(tx, refund);
    }
    if (!(await this.payments.commitRefund(tx, p.id, amount))) {
      throw new AppError(PaymentsErrors.REFUND_EXCEEDS_CAPTURED, `at most ${rest} can be refunded`);
    }
    const providerRef = p.providerRef;
    await this.#atProvider(p.id, () => this.providers.named(p.provider).refund(providerRef, amount, tx, refund.id));
    const refundedTotal = p.refundsCommitted + amount;
    await this.ctx.bus.publish(tx, PagoParcialmenteReembolsado, {
      paymentId: p.id,
      refundId: refund.id,
      userId: p.userId,
      amount,
      refundedTotal,
      currency: p.currency,
      reference: p.reference,
      reason: body.reason,
    });
    await this.log.append(tx, p.id, 'refunded_partially', { refundId: refund.id, amount, refundedTotal, source });
    return this.#view(tx, refund);
  }

  async #view(tx: Tx, refund: PaymentRefundRecord): Promise<RefundView> {
    const p = await this.payments.find(tx, refund.paymentId);
    if (!p) throw new Error(`payment ${refund.paymentId} vanished`);
    return {
      id: refund.id,
      paymentId: refund.paymentId,
      amount: refund.amount,
      reason: refund.reason,
      createdAt: refund.createdAt.toISOString(),
      payment: toPaymentView(p),
    };
  }
}

import { SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PagoAutorizado, PagoFallido, PagoReembolsado } from '../contracts/events';
import type { PaymentRecord } from '../db/payment.record';
import { PaymentLogRepository } from '../db/payment-log.repository';
import { PaymentsRepository } from '../db/payments.repository';
import { nextStep, type PaymentTrigger } from '../domain/payment.state-machine';
import { PAYMENT_PROVIDERS, type PaymentProviders } from '../providers/payment-providers.registry';

export interface TransitionDetail {
  /** Why: a failure's provider code, or a refund's reason. */
  reason?: string;
  /** What caused it: `command:<topic>`, `webhook:<provider>:<event id>`, `admin:<user id>`... */
  source: string;
  /** An admin refund's id: the provider's idempotency key of the refund it causes. */
  refundId?: string;
}

/**
 * Takes a payment through the state machine inside the caller's transaction: updates the
 * row, appends to the transaction log, and publishes the announcing event in the same
 * transaction (or asks the provider for a refund). Impossible transitions change nothing.
 */
@Injectable()
export class PaymentTransitions {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
    private readonly payments: PaymentsRepository,
    private readonly log: PaymentLogRepository,
  ) {}

  /** Applies `trigger`; returns false when it is impossible in the payment's status. */
  async apply(tx: Tx, p: PaymentRecord, trigger: PaymentTrigger, detail: TransitionDetail): Promise<boolean> {
    if (trigger === 'refunded' && isPartiallyRefunded(p)) {
      // The provider confirms an admin's partial refund: the payment stays captured for the rest.
      await this.log.append(tx, p.id, 'partial_refund_confirmed', { ...detail });
      return true;
    }
    const step = nextStep(p.status, trigger, p.providerRef !== null);
    if (!step) return false;
    const bus = this.ctx.bus;
    const reason = detail.reason;
    let refundedAmount: number | undefined;
    let refundsCommitted: number | undefined;
    switch (step.effect) {
      case 'publish_authorized':
        if (p.sagaId && p.userId && p.amount && p.currency && p.reference && p.providerRef) {
          await bus.publish(tx, PagoAutorizado, {
            paymentId: p.id,
            sagaId: p.sagaId,
            ...asker(p),
            userId: p.userId,
            amount: p.amount,
            currency: p.currency,
            provider: p.provider,
            providerRef: p.providerRef,
            reference: p.reference,
          });
        }
        break;
      case 'publish_failed':
        if (p.sagaId && p.userId && p.reference) {
          await bus.publish(tx, PagoFallido, {
            paymentId: p.id,
            sagaId: p.sagaId,
            ...asker(p),
            userId: p.userId,
            reason: reason ?? 'payment_failed',
            reference: p.reference,
          });
        }
        break;
      case 'publish_refunded':
      case 'publish_voided':
        refundedAmount = step.effect === 'publish_refunded' ? (p.amount ?? 0) : 0;
        if (p.userId && p.currency && p.reference) {
          await bus.publish(tx, PagoReembolsado, {
            paymentId: p.id,
            userId: p.userId,
            amount: refundedAmount,
            currency: p.currency,
            reference: p.reference,
            reason: p.refundReason ?? reason ?? (refundedAmount > 0 ? 'refunded_at_provider' : 'voided'),
          });
        }
        break;
      case 'refund_at_provider': {
        // Refunded by the provider that took the payment: what admins did not refund already.
        const rest = (p.amount ?? 0) - p.refundsCommitted;
        if (p.providerRef && rest > 0) {
          await this.providers.named(p.provider).refund(p.providerRef, rest, tx, detail.refundId);
        }
        refundsCommitted = p.amount ?? undefined;
        break;
      }
      case 'none':
        break;
    }
    await this.payments.update(tx, p.id, {
      status: step.to,
      refundedAmount,
      refundsCommitted,
      refundReason: trigger === 'refund_requested' ? reason : undefined,
      failureReason: step.effect === 'publish_failed' ? (reason ?? 'payment_failed') : undefined,
    });
    await this.log.append(tx, p.id, trigger, { from: p.status, to: step.to, ...detail });
    return true;
  }
}

/** The saga that asked, echoed on a reply when the command named it (decision 0117). */
function asker(p: PaymentRecord): { saga?: string } {
  return p.sagaName === null ? {} : { saga: p.sagaName };
}

/** Captured, with part (not all) of it refunded by an admin: a refund webhook confirms that part. */
function isPartiallyRefunded(p: PaymentRecord): boolean {
  return p.status === 'AUTHORIZED' && p.amount !== null && p.refundsCommitted > 0 && p.refundsCommitted < p.amount;
}

import { backoffRetry, type QueueJob, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PhoneWalletProviders } from '../contracts/events';
import type { PaymentRecord } from '../db/payment.record';
import { PaymentLogRepository } from '../db/payment-log.repository';
import { PaymentsRepository } from '../db/payments.repository';
import { nextChargeAttemptDelay } from '../domain/charge-retry.policy';
import { PaymentsSettings } from '../payments.settings';
import type { CreatePaymentInput } from '../providers/payment-provider.port';
import { PAYMENT_PROVIDERS, type PaymentProviders } from '../providers/payment-providers.registry';
import { PaymentRejectedError } from '../providers/payment-rejected.error';
import { ProviderUnavailableError } from '../providers/provider-unavailable.error';
import { PaymentTransitions } from './payment.transitions';

/** The platform queue (pg-boss) that carries the next attempts of charges. */
export const CHARGE_RETRY_QUEUE = 'payments.charge-retry';

interface ChargeRetryJob {
  paymentId: string;
}

/**
 * Submits a charge to its provider, and retries it when the provider fails transiently
 * (ProviderUnavailableError: a timeout, a 5xx): at most 3 attempts within 5 minutes, waiting
 * longer each time (decision 0073), then the payment fails with `provider_unavailable` and
 * its saga compensates. Every attempt sends the same idempotency key (the payment id), so an
 * attempt whose answer was lost but which charged is found, not charged again; a webhook
 * that confirms it ends the series. Yape and Plin are not retried: their approval code is
 * single-use and never kept.
 */
@Injectable()
export class ChargeAttempts implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
    private readonly payments: PaymentsRepository,
    private readonly log: PaymentLogRepository,
    private readonly transitions: PaymentTransitions,
    private readonly settings: PaymentsSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    // The queue's own retries cover a failure of this service (a lost connection), not the provider's.
    await this.ctx.queue.define(
      CHARGE_RETRY_QUEUE,
      backoffRetry({ attempts: 5, firstDelaySeconds: 1, maxDelaySeconds: 30, hungAfterSeconds: 60 }),
    );
    await this.ctx.queue.work<ChargeRetryJob>(CHARGE_RETRY_QUEUE, (job) => this.retry(job), { concurrency: 2 });
  }

  /** One attempt of the pending payment `p`, in the caller's transaction (which holds its row lock). */
  async attempt(tx: Tx, p: PaymentRecord, input: CreatePaymentInput): Promise<void> {
    const adapter = this.providers.named(p.provider);
    const { attempts, firstAt } = await this.payments.countAttempt(tx, p.id);
    try {
      const submitted = await adapter.createPayment(input, tx);
      await this.payments.setProviderRef(tx, p.id, submitted.providerRef);
      await this.log.append(tx, p.id, 'submitted', {
        provider: adapter.name,
        providerRef: submitted.providerRef,
        attempt: attempts,
      });
    } catch (err) {
      if (err instanceof PaymentRejectedError) {
        await this.transitions.apply(tx, p, 'failed', { reason: err.reason, source: 'provider:charge' });
        return;
      }
      if (!(err instanceof ProviderUnavailableError)) throw err;
      await this.log.append(tx, p.id, 'attempt_failed', { attempt: attempts, error: err.reason });
      const retriable = !(PhoneWalletProviders as readonly string[]).includes(p.provider);
      const delay = retriable
        ? nextChargeAttemptDelay(attempts, firstAt, new Date(), this.settings.chargeRetryDelayMs)
        : undefined;
      if (delay === undefined) {
        await this.transitions.apply(tx, p, 'failed', { reason: 'provider_unavailable', source: 'provider:charge' });
        return;
      }
      await this.ctx.queue.send<ChargeRetryJob>(
        CHARGE_RETRY_QUEUE,
        { paymentId: p.id },
        { singletonKey: `${p.id}:${attempts + 1}`, startAfter: new Date(Date.now() + delay), priority: 'high', tx },
      );
      await this.log.append(tx, p.id, 'retry_scheduled', { attempt: attempts + 1, afterMs: delay });
    }
  }

  /** The next attempt of a charge, unless it was settled meanwhile (a webhook, a void). */
  async retry(job: QueueJob<ChargeRetryJob>): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const p = await this.payments.lock(tx, job.data.paymentId);
      if (p?.status !== 'PENDING' || p.providerRef !== null) return;
      if (!p.userId || !p.sagaId || !p.amount || !p.currency || !p.paymentMethod || !p.reference) return;
      await this.attempt(tx, p, {
        paymentId: p.id,
        amount: p.amount,
        currency: p.currency,
        paymentMethod: p.paymentMethod,
        metadata: { reference: p.reference, sagaId: p.sagaId, userId: p.userId },
      });
    });
  }
}

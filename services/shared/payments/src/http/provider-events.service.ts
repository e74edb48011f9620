import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { WebhookAck } from '../contracts/payments.dto';
import { PaymentsRepository } from '../db/payments.repository';
import { WebhookEventsRepository } from '../db/webhook-events.repository';
import type { ProviderEvent } from '../domain/provider-event';
import { PaymentTransitions } from '../events/payment.transitions';

/** Applies a verified provider event once: dedupe, find the payment, take the transition. */
@Injectable()
export class ProviderEventsService {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly payments: PaymentsRepository,
    private readonly webhookEvents: WebhookEventsRepository,
    private readonly transitions: PaymentTransitions,
  ) {}

  async apply(provider: string, event: ProviderEvent): Promise<WebhookAck> {
    return this.ctx.db.transaction(async (tx) => {
      if (!(await this.webhookEvents.record(tx, provider, event.id, event.type, event.paymentId ?? null))) {
        return { received: true, duplicate: true };
      }
      if (!event.trigger) return { received: true, ignored: true };
      let p = event.paymentId
        ? await this.payments.lock(tx, event.paymentId)
        : event.providerRef
          ? await this.payments.lockByProviderRef(tx, provider, event.providerRef)
          : undefined;
      if (!p) {
        // Ours (it carries our payment id) but not committed yet: the provider retries later.
        if (event.paymentId) throw new AppError('CONFLICT', `payment ${event.paymentId} is not known yet; retry`);
        return { received: true, ignored: true };
      }
      if (
        p.provider !== provider ||
        (p.providerRef !== null && event.providerRef && p.providerRef !== event.providerRef)
      ) {
        return { received: true, ignored: true };
      }
      if (p.providerRef === null && event.providerRef) {
        // A charge whose answer was lost (a timeout): the provider's reference arrives with its outcome.
        await this.payments.setProviderRef(tx, p.id, event.providerRef);
        p = { ...p, providerRef: event.providerRef };
      }
      let applied: boolean;
      try {
        applied = await this.transitions.apply(tx, p, event.trigger, {
          reason: event.reason,
          source: `webhook:${provider}:${event.id}`,
        });
      } catch (err) {
        this.ctx.log.warn({ err, paymentId: p.id }, 'provider call failed while applying a webhook');
        throw new AppError('SERVICE_UNAVAILABLE', 'the provider could not be reached; retry');
      }
      return applied ? { received: true } : { received: true, ignored: true };
    });
  }
}

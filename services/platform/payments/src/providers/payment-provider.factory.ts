import type { ServiceContext } from '@coordina/platform';
import type { PaymentProvider } from './payment-provider.port';
import { SandboxPaymentProvider } from './sandbox/sandbox.provider';
import { SandboxDeliveriesRepository } from './sandbox/sandbox-deliveries.repository';
import type { SandboxDeliveryLoop } from './sandbox/sandbox-delivery.loop';
import { SandboxEventBuilder } from './sandbox/sandbox-event.builder';
import { SandboxIntentsRepository } from './sandbox/sandbox-intents.repository';
import { StripePaymentProvider } from './stripe.provider';

/** Stripe when an API key is configured, otherwise the sandbox (the embedded default). */
export function createPaymentProvider(ctx: ServiceContext, loop: SandboxDeliveryLoop): PaymentProvider {
  const key = ctx.config.stripeApiKey;
  if (key) return new StripePaymentProvider(key);
  return new SandboxPaymentProvider({
    db: ctx.db,
    intents: new SandboxIntentsRepository(),
    deliveries: new SandboxDeliveriesRepository(),
    events: new SandboxEventBuilder(),
    webhookDelayMs: () => ctx.config.sandboxWebhookDelayMs,
    wake: (ms) => loop.wake(ms),
  });
}

import type { ServiceContext } from '@coordina/platform';
import type { PaymentProvider } from './payment-provider.port';
import { SandboxPaymentProvider } from './sandbox/sandbox.provider';
import { SandboxEventBuilder } from './sandbox/sandbox-event.builder';
import { SandboxIntentsRepository } from './sandbox/sandbox-intents.repository';
import { SandboxWebhooks } from './sandbox/sandbox-webhooks';
import { StripePaymentProvider } from './stripe.provider';

/** Stripe when an API key is configured, otherwise the sandbox (the embedded default). */
export function createPaymentProvider(ctx: ServiceContext): PaymentProvider {
  const key = ctx.config.stripeApiKey;
  if (key) return new StripePaymentProvider(key);
  return new SandboxPaymentProvider({
    db: ctx.db,
    intents: new SandboxIntentsRepository(),
    webhooks: new SandboxWebhooks(ctx.queue),
    events: new SandboxEventBuilder(),
    webhookDelayMs: () => ctx.config.sandboxWebhookDelayMs,
  });
}

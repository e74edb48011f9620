import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '@coordina/platform';
import { maskPhone } from '../domain/masked-phone';
import { sandboxFault, sandboxOutcome } from '../domain/sandbox-card.rules';
import type { PaymentsSettings, WalletSettings } from '../payments.settings';
import type { PaymentProvider } from './payment-provider.port';
import { PaymentProviders } from './payment-providers.registry';
import { PayPalPaymentProvider } from './paypal/paypal.provider';
import {
  PayPalSandboxEvents,
  PayPalSandboxKey,
  paypalSandboxOutcome,
  paypalSandboxSigner,
  SANDBOX_PAYPAL_CERT_URL,
} from './paypal/paypal-sandbox';
import { SANDBOX_PAYPAL_WEBHOOK_ID } from './paypal/paypal-signature';
import { PayPalWebhookVerifier } from './paypal/paypal-webhook.verifier';
import { type SandboxParts, SandboxPaymentProvider } from './sandbox/sandbox.provider';
import { SandboxEventBuilder } from './sandbox/sandbox-event.builder';
import { SandboxIntentsRepository } from './sandbox/sandbox-intents.repository';
import { SandboxKeys } from './sandbox/sandbox-keys';
import { stripeSandboxSignature } from './sandbox/sandbox-webhook.post';
import { SandboxWebhooks } from './sandbox/sandbox-webhooks';
import { StripePaymentProvider } from './stripe.provider';
import { AggregatorWalletProvider } from './wallet/aggregator-wallet.provider';
import { WalletSandboxEvents, walletSandboxOutcome } from './wallet/wallet-sandbox';
import { type WalletProvider, walletSignature, walletSignatureHeader } from './wallet/wallet-signature';

/**
 * Every provider, each live when its credentials are configured and its sandbox otherwise:
 * cards are Stripe with STRIPE_API_KEY, PayPal with PAYPAL_CLIENT_ID/SECRET, Yape and Plin
 * with their aggregator's URL and key (decision 0063).
 */
export function createPaymentProviders(ctx: ServiceContext, settings: PaymentsSettings): PaymentProviders {
  const keys = new SandboxKeys(ctx.db);
  const intents = new SandboxIntentsRepository();
  const sandbox = (
    parts: Pick<SandboxParts, 'events' | 'outcome' | 'sign'> & Partial<SandboxParts>,
  ): SandboxPaymentProvider =>
    new SandboxPaymentProvider({
      db: ctx.db,
      intents,
      webhooks: new SandboxWebhooks(ctx.queue, parts.name),
      webhookDelayMs: () => ctx.config.sandboxWebhookDelayMs,
      ...parts,
    });

  const stripeKey = ctx.config.stripeApiKey;
  const card: PaymentProvider = stripeKey
    ? new StripePaymentProvider(stripeKey)
    : sandbox({
        events: new SandboxEventBuilder(),
        outcome: (input) => sandboxOutcome(input.paymentMethod),
        fault: (input) => sandboxFault(input.paymentMethod),
        sign: async (payload) => stripeSandboxSignature(ctx.config, payload),
      });

  const paypalLive = settings.paypal.live;
  const paypalKey = new PayPalSandboxKey(keys);
  const paypalWebhookId = settings.paypal.webhookId ?? SANDBOX_PAYPAL_WEBHOOK_ID;
  const paypal: PaymentProvider = paypalLive
    ? new PayPalPaymentProvider(paypalLive)
    : sandbox({
        name: 'paypal',
        events: new PayPalSandboxEvents(),
        outcome: paypalSandboxOutcome,
        sign: paypalSandboxSigner(paypalKey, paypalWebhookId),
        ids: { intent: 'ORDER', charge: 'CAPTURE' },
      });
  const paypalWebhooks = new PayPalWebhookVerifier({
    webhookId: paypalWebhookId,
    ...(paypalLive ? {} : { sandbox: { certUrl: SANDBOX_PAYPAL_CERT_URL, publicKey: paypalKey.publicKey } }),
  });

  const wallet = (name: WalletProvider, s: WalletSettings) => {
    const secret = () =>
      s.webhookSecret
        ? Promise.resolve(s.webhookSecret)
        : keys.get(`${name}_webhook_secret`, () => randomBytes(32).toString('hex'));
    const adapter: PaymentProvider = s.live
      ? new AggregatorWalletProvider(name, s.live)
      : sandbox({
          name,
          events: new WalletSandboxEvents(name),
          outcome: walletSandboxOutcome,
          sign: async (payload) => ({ [walletSignatureHeader(name)]: walletSignature(payload, await secret()) }),
          keptMethod: (input) => maskPhone(input.paymentMethod),
          ids: { intent: `chr_${name}`, charge: `pay_${name}` },
        });
    return { adapter, secret };
  };
  const yape = wallet('yape', settings.yape);
  const plin = wallet('plin', settings.plin);

  return new PaymentProviders({ card, paypal, yape: yape.adapter, plin: plin.adapter }, paypalWebhooks, {
    yape: yape.secret,
    plin: plin.secret,
  });
}

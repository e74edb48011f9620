import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

const text = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());
const url = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url().optional());

/**
 * Payments' settings for the providers beyond cards (cards keep STRIPE_API_KEY and the
 * platform's webhook secrets). A provider is live when its credentials are set, otherwise its
 * sandbox runs (decision 0063):
 * - PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET: PayPal REST app credentials (live PayPal);
 * - PAYPAL_ENVIRONMENT (`sandbox`): `sandbox` (PayPal's own sandbox) or `production`;
 * - PAYPAL_WEBHOOK_ID: the webhook's id at PayPal, part of every signed message (required live);
 * - YAPE_API_URL, YAPE_API_KEY, YAPE_WEBHOOK_SECRET: the aggregator that takes Yape (live Yape);
 * - PLIN_API_URL, PLIN_API_KEY, PLIN_WEBHOOK_SECRET: the same for Plin.
 * - PAYMENTS_CHARGE_RETRY_DELAY_MS (2000): the wait before the second attempt of a charge the
 *   provider failed transiently (timeout, 5xx); the third waits four times as long (decision 0073).
 * A webhook secret set without the API key signs and verifies the sandbox's webhooks instead
 * of the generated one kept in the payments database.
 */
export class PaymentsSettings extends Settings(
  z
    .object({
      PAYPAL_CLIENT_ID: text,
      PAYPAL_CLIENT_SECRET: text,
      PAYPAL_ENVIRONMENT: z.preprocess(
        (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
        z.enum(['sandbox', 'production']).default('sandbox'),
      ),
      PAYPAL_WEBHOOK_ID: text,
      YAPE_API_URL: url,
      YAPE_API_KEY: text,
      YAPE_WEBHOOK_SECRET: text,
      PLIN_API_URL: url,
      PLIN_API_KEY: text,
      PLIN_WEBHOOK_SECRET: text,
      PAYMENTS_CHARGE_RETRY_DELAY_MS: envInt({ min: 10, default: 2_000 }),
    })
    .superRefine((env, ctx) => {
      const need = (when: string | undefined, names: (keyof typeof env)[], why: string) => {
        if (!when) return;
        for (const name of names) if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: why });
      };
      need(env.PAYPAL_CLIENT_ID, ['PAYPAL_CLIENT_SECRET', 'PAYPAL_WEBHOOK_ID'], 'required with PAYPAL_CLIENT_ID');
      need(env.YAPE_API_KEY, ['YAPE_API_URL', 'YAPE_WEBHOOK_SECRET'], 'required with YAPE_API_KEY');
      need(env.PLIN_API_KEY, ['PLIN_API_URL', 'PLIN_WEBHOOK_SECRET'], 'required with PLIN_API_KEY');
    })
    .transform((env) => ({
      paypal: {
        live:
          env.PAYPAL_CLIENT_ID && env.PAYPAL_CLIENT_SECRET
            ? {
                clientId: env.PAYPAL_CLIENT_ID,
                clientSecret: env.PAYPAL_CLIENT_SECRET,
                environment: env.PAYPAL_ENVIRONMENT,
              }
            : undefined,
        webhookId: env.PAYPAL_WEBHOOK_ID,
      },
      yape: wallet(env.YAPE_API_URL, env.YAPE_API_KEY, env.YAPE_WEBHOOK_SECRET),
      plin: wallet(env.PLIN_API_URL, env.PLIN_API_KEY, env.PLIN_WEBHOOK_SECRET),
      chargeRetryDelayMs: env.PAYMENTS_CHARGE_RETRY_DELAY_MS,
    })),
) {}

function wallet(apiUrl: string | undefined, apiKey: string | undefined, webhookSecret: string | undefined) {
  return { live: apiUrl && apiKey ? { apiUrl, apiKey } : undefined, webhookSecret };
}

export type WalletSettings = ReturnType<typeof wallet>;

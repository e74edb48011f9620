import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

const secret = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().min(32, 'at least 32 characters').optional(),
);

/**
 * gamevault-logistics' settings, from the environment (checked at start with every other
 * service's; decision 0035 and 0065):
 * - `GAMEVAULT_LOGISTICS_KEYS_SECRET`: the secret the key pool's encryption key (AES-256-GCM) and
 *   its duplicate fingerprints are derived from (HKDF-SHA256, one label each); when unset, the
 *   platform's JWT secret under the same labels (fine for the embedded default, set it in a
 *   deployment so a leaked token secret does not open the keys). Never logged.
 * - `GAMEVAULT_LOGISTICS_CARRIER_WEBHOOK_SECRET`: the carrier's webhook signing secret; unset, one
 *   derived from the JWT secret (the sandbox carrier signs with the same).
 * - `GAMEVAULT_LOGISTICS_SANDBOX_STEP_MS`: the sandbox carrier's pace, the time between its label,
 *   in-transit and delivered webhooks (default 500).
 */
export class LogisticsSettings extends Settings(
  z
    .object({
      GAMEVAULT_LOGISTICS_KEYS_SECRET: secret,
      GAMEVAULT_LOGISTICS_CARRIER_WEBHOOK_SECRET: secret,
      GAMEVAULT_LOGISTICS_SANDBOX_STEP_MS: envInt({ min: 10, default: 500 }),
    })
    .transform((env) => ({
      keysSecret: env.GAMEVAULT_LOGISTICS_KEYS_SECRET,
      carrierWebhookSecret: env.GAMEVAULT_LOGISTICS_CARRIER_WEBHOOK_SECRET,
      sandboxStepMs: env.GAMEVAULT_LOGISTICS_SANDBOX_STEP_MS,
    })),
) {}

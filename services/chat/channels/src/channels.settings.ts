import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

const DAY = 24 * 60 * 60 * 1000;

/**
 * chat-channels' settings, from the environment (checked at start with every other service's):
 * - `CHAT_CHANNELS_PERIOD_MS` (30 days): the length of a paid subscription's period;
 * - `CHAT_CHANNELS_RENEW_AHEAD_MS` (1 day): how long before a period ends its renewal is charged;
 * - `CHAT_CHANNELS_SWEEP_MS` (60000): how often renewals and email digests are looked for;
 * - `CHAT_CHANNELS_DIGEST_AFTER_MS` (1 hour): a notification unseen this long goes in an email digest;
 * - `CHAT_CHANNELS_FANOUT_BATCH` (1000): subscribers notified per ChannelsQueue job (decision 0085);
 * - `CHAT_CHANNELS_PAYMENT_TIMEOUT_MS` (120000): how long a charge may wait for the provider.
 */
export class ChannelsSettings extends Settings(
  z
    .object({
      CHAT_CHANNELS_PERIOD_MS: envInt({ min: 1_000, default: 30 * DAY }),
      CHAT_CHANNELS_RENEW_AHEAD_MS: envInt({ min: 0, default: DAY }),
      CHAT_CHANNELS_SWEEP_MS: envInt({ min: 50, default: 60_000 }),
      CHAT_CHANNELS_DIGEST_AFTER_MS: envInt({ min: 0, default: 60 * 60 * 1000 }),
      CHAT_CHANNELS_FANOUT_BATCH: envInt({ min: 1, default: 1_000 }).pipe(z.number().max(10_000)),
      CHAT_CHANNELS_PAYMENT_TIMEOUT_MS: envInt({ min: 100, default: 120_000 }),
    })
    .refine((env) => env.CHAT_CHANNELS_RENEW_AHEAD_MS < env.CHAT_CHANNELS_PERIOD_MS, {
      path: ['CHAT_CHANNELS_RENEW_AHEAD_MS'],
      message: 'must be shorter than CHAT_CHANNELS_PERIOD_MS',
    })
    .transform((env) => ({
      periodMs: env.CHAT_CHANNELS_PERIOD_MS,
      renewAheadMs: env.CHAT_CHANNELS_RENEW_AHEAD_MS,
      sweepMs: env.CHAT_CHANNELS_SWEEP_MS,
      digestAfterMs: env.CHAT_CHANNELS_DIGEST_AFTER_MS,
      fanoutBatch: env.CHAT_CHANNELS_FANOUT_BATCH,
      paymentTimeoutMs: env.CHAT_CHANNELS_PAYMENT_TIMEOUT_MS,
    })),
) {}

import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

const DAY = 24 * 60 * 60 * 1000;

/**
 * chat-messaging's settings, from the environment (checked at start with every other service's):
 * - `CHAT_PAYMENT_TIMEOUT_MS` (900000: 15 minutes): how long a payment message waits for
 *   payments' reply before it fails and a late charge is voided or refunded;
 * - `CHAT_PRESENCE_REFRESH_MS` (60000): how often every open chat socket refreshes its user's
 *   presence row (the gateways learn it from the answer to `PUT /api/chat/presence`);
 * - `CHAT_PRESENCE_STALE_MS` (150000, at least twice the refresh): a row with sockets not
 *   refreshed this long was left by a gateway that died: offline (decision 0105);
 * - `CHAT_PRESENCE_SWEEP_MS` (30000): how often such rows are turned offline and told;
 * - `CHAT_CHANGES_KEEP_MS` (30 days): how long the change log keeps a change (decision 0116);
 * - `CHAT_CHANGES_PRUNE_MS` (1 hour): how often older changes are deleted, in batches.
 */
export class MessagingSettings extends Settings(
  z
    .object({
      CHAT_PAYMENT_TIMEOUT_MS: envInt({ min: 100, default: 900_000 }),
      CHAT_PRESENCE_REFRESH_MS: envInt({ min: 50, default: 60_000 }),
      CHAT_PRESENCE_STALE_MS: envInt({ min: 100, default: 150_000 }),
      CHAT_PRESENCE_SWEEP_MS: envInt({ min: 50, default: 30_000 }),
      CHAT_CHANGES_KEEP_MS: envInt({ min: 1_000, default: 30 * DAY }),
      CHAT_CHANGES_PRUNE_MS: envInt({ min: 50, default: 60 * 60 * 1000 }),
    })
    .refine((env) => env.CHAT_PRESENCE_STALE_MS >= 2 * env.CHAT_PRESENCE_REFRESH_MS, {
      path: ['CHAT_PRESENCE_STALE_MS'],
      message: 'must be at least twice CHAT_PRESENCE_REFRESH_MS (a live socket misses no more than one refresh)',
    })
    .transform((env) => ({
      paymentTimeoutMs: env.CHAT_PAYMENT_TIMEOUT_MS,
      presenceRefreshMs: env.CHAT_PRESENCE_REFRESH_MS,
      presenceStaleMs: env.CHAT_PRESENCE_STALE_MS,
      presenceSweepMs: env.CHAT_PRESENCE_SWEEP_MS,
      changesKeepMs: env.CHAT_CHANGES_KEEP_MS,
      changesPruneMs: env.CHAT_CHANGES_PRUNE_MS,
    })),
) {}

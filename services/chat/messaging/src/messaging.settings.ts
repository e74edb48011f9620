import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

/**
 * chat-messaging's settings, from the environment (checked at start with every other
 * service's). `CHAT_PAYMENT_TIMEOUT_MS`: how long a payment message waits for payments' reply
 * before it fails and a late charge is voided or refunded (default 900000: 15 minutes).
 */
export class MessagingSettings extends Settings(
  z
    .object({ CHAT_PAYMENT_TIMEOUT_MS: envInt({ min: 100, default: 900_000 }) })
    .transform((env) => ({ paymentTimeoutMs: env.CHAT_PAYMENT_TIMEOUT_MS })),
) {}

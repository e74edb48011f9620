import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

export const DEFAULT_FEE_TIMEOUT_MS = 300_000;

/**
 * musicfest-festivals' settings, from the environment (parsed and checked at start by the
 * platform's settings loader, with every other service's; decision 0035).
 * `MUSICFEST_FEE_TIMEOUT_MS`: how long the hosting-fee saga waits for payments' reply before
 * the event is FEE_DECLINED (default 300000).
 */
export class EventsSettings extends Settings(
  z
    .object({ MUSICFEST_FEE_TIMEOUT_MS: envInt({ min: 1, default: DEFAULT_FEE_TIMEOUT_MS }) })
    .transform((env) => ({ feeTimeoutMs: env.MUSICFEST_FEE_TIMEOUT_MS })),
) {}

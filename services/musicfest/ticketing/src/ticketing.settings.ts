import { envFlag, envInt, envNumber, Settings } from '@coordina/platform';
import { z } from 'zod';

/**
 * Ticketing's settings, from these environment variables (parsed and checked at start by the
 * platform's settings loader, with every other service's; decision 0035):
 * - MUSICFEST_MAX_PER_TYPE (6): tickets of one type per purchase;
 * - MUSICFEST_MAX_PER_USER (12): tickets per user per event, across live purchases;
 * - MUSICFEST_WAITLIST_FACTOR (1): waitlist capacity per type = factor × the type's capacity (tickets);
 * - MUSICFEST_HOLD_TIMEOUT_MS (600000): how long reserved seats wait for the payment;
 * - MUSICFEST_ISSUE_TIMEOUT_MS (86400000): how long a paid purchase waits for its tickets;
 * - COORDINA_TEST_FAULTS=1: enables the test-only fault switch (/api/musicfest/faults).
 */
export class TicketingSettings extends Settings(
  z
    .object({
      MUSICFEST_MAX_PER_TYPE: envInt({ min: 1, default: 6 }),
      MUSICFEST_MAX_PER_USER: envInt({ min: 1, default: 12 }),
      MUSICFEST_WAITLIST_FACTOR: envNumber({ min: 0, default: 1 }),
      MUSICFEST_HOLD_TIMEOUT_MS: envInt({ min: 100, default: 600_000 }),
      MUSICFEST_ISSUE_TIMEOUT_MS: envInt({ min: 1000, default: 86_400_000 }),
      COORDINA_TEST_FAULTS: envFlag(),
    })
    .transform((env) => ({
      maxPerType: env.MUSICFEST_MAX_PER_TYPE,
      maxPerUser: env.MUSICFEST_MAX_PER_USER,
      waitlistFactor: env.MUSICFEST_WAITLIST_FACTOR,
      holdTimeoutMs: env.MUSICFEST_HOLD_TIMEOUT_MS,
      issueTimeoutMs: env.MUSICFEST_ISSUE_TIMEOUT_MS,
      testFaults: env.COORDINA_TEST_FAULTS,
    })),
) {}

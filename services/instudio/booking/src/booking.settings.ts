import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

export const DEFAULT_LEAD_TIME_MINUTES = 60;

/**
 * Booking's settings, from these environment variables (parsed and checked at start by the
 * platform's settings loader, with every other service's; decision 0035):
 * - BOOKING_LEAD_TIME_MINUTES (60): how far ahead a booking must start (0: any future minute);
 * - BOOKING_HOLD_TIMEOUT_MS (600000): how long a held slot waits for the payment (the hold's
 *   expiry and the booking saga's payment-step timeout);
 * - BOOKING_CANCELLATION_WINDOW_HOURS (24): a client's cancellation is refunded only if the
 *   booking starts more than this many hours later (CancellationPolicy).
 */
export class BookingSettings extends Settings(
  z
    .object({
      BOOKING_LEAD_TIME_MINUTES: envInt({ min: 0, default: DEFAULT_LEAD_TIME_MINUTES }),
      BOOKING_HOLD_TIMEOUT_MS: envInt({ min: 1, default: 10 * 60_000 }),
      BOOKING_CANCELLATION_WINDOW_HOURS: envInt({ min: 0, default: 24 }),
    })
    .transform((env) => ({
      leadTimeMinutes: env.BOOKING_LEAD_TIME_MINUTES,
      holdTimeoutMs: env.BOOKING_HOLD_TIMEOUT_MS,
      cancellationWindowHours: env.BOOKING_CANCELLATION_WINDOW_HOURS,
    })),
) {}

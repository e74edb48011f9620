import type { PriorityLevel } from '@coordina/platform';

const HOUR = 3_600_000;

export type ReminderKind = 'reminder_24h' | 'reminder_2h';
const REMINDERS: readonly { kind: ReminderKind; hoursBefore: number }[] = [
  { kind: 'reminder_24h', hoursBefore: 24 },
  { kind: 'reminder_2h', hoursBefore: 2 },
];

/**
 * When and how urgently InStudio's messages go out (pure): bookings by start time, the sooner
 * the more urgent, with reminders 24 h and 2 h before; promotions by expiry, after bookings.
 */
export class InstudioPlan {
  constructor(
    readonly urgentWithinHours = 48,
    readonly promotionSoonDays = 7,
  ) {}

  bookingLevel(start: Date, now: Date): PriorityLevel {
    return start.getTime() - now.getTime() <= this.urgentWithinHours * HOUR ? 'urgent' : 'high';
  }

  /** The reminders still ahead: 24 h and 2 h before the start, skipping those already past. */
  reminders(start: Date, now: Date): { kind: ReminderKind; at: Date }[] {
    return REMINDERS.map((r) => ({ kind: r.kind, at: new Date(start.getTime() - r.hoursBefore * HOUR) })).filter(
      (r) => r.at.getTime() > now.getTime(),
    );
  }

  /** Undefined once the promotion has ended (validTo is its last day, inclusive, in UTC). */
  promotionLevel(validTo: string, now: Date): PriorityLevel | undefined {
    const end = Date.parse(`${validTo}T23:59:59.999Z`);
    if (end < now.getTime()) return undefined;
    return end - now.getTime() <= this.promotionSoonDays * 24 * HOUR ? 'normal' : 'low';
  }

  reminderKinds(): ReminderKind[] {
    return REMINDERS.map((r) => r.kind);
  }
}

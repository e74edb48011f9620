import type { PriorityLevel } from '@coordina/platform';
import type { ReminderKind } from './delivery.job';

const HOUR = 3_600_000;

/** What a message is about, which decides how soon it goes out. */
export type MessageCategory = 'security' | 'ticket' | 'notice' | 'marketing';
const CATEGORY_LEVELS: Record<MessageCategory, PriorityLevel> = {
  security: 'urgent',
  ticket: 'high',
  notice: 'normal',
  marketing: 'low',
};
const EMAIL_PRIORITY: Record<PriorityLevel, number> = { urgent: 3, high: 2, normal: 1, low: 0 };
const REMINDERS: readonly { kind: ReminderKind; hoursBefore: number }[] = [
  { kind: 'reminder_24h', hoursBefore: 24 },
  { kind: 'reminder_2h', hoursBefore: 2 },
];

/**
 * When and how urgently messages go out (pure). Security emails (codes, reset links, locks,
 * suspicious sign-ins) first; then tickets and bookings, the sooner they start the more
 * urgent; then notices (sold out); promotions last, the sooner they expire the higher.
 */
export class DeliveryPlan {
  constructor(
    readonly urgentWithinHours = 48,
    readonly promotionSoonDays = 7,
  ) {}

  level(category: MessageCategory): PriorityLevel {
    return CATEGORY_LEVELS[category];
  }

  /** The email outbox's send order for a level (higher first). */
  emailPriority(level: PriorityLevel): number {
    return EMAIL_PRIORITY[level];
  }

  /** The level an email's send order stands for. */
  emailLevel(priority: number): PriorityLevel {
    return (Object.entries(EMAIL_PRIORITY).find(([, p]) => p === priority)?.[0] as PriorityLevel) ?? 'normal';
  }

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

import type { PriorityLevel } from '@coordina/platform';

/** What a message is about, which decides how soon it goes out. */
export type MessageCategory = 'security' | 'ticket' | 'notice' | 'marketing';
const CATEGORY_LEVELS: Record<MessageCategory, PriorityLevel> = {
  security: 'urgent',
  ticket: 'high',
  notice: 'normal',
  marketing: 'low',
};
const EMAIL_PRIORITY: Record<PriorityLevel, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

/**
 * How urgently messages go out (pure). Security emails (codes, reset links, locks, suspicious
 * sign-ins) first; then tickets and bookings; then notices (sold out); marketing last. A
 * system's own timing (InStudio's reminders, promotions) lives in its folder.
 */
export class DeliveryPlan {
  level(category: MessageCategory): PriorityLevel {
    return CATEGORY_LEVELS[category];
  }

  /** An email's recorded send order for a level (higher first; `emails.priority`). */
  emailPriority(level: PriorityLevel): number {
    return EMAIL_PRIORITY[level];
  }

  /** The level an email's recorded send order stands for. */
  emailLevel(priority: number): PriorityLevel {
    return (Object.entries(EMAIL_PRIORITY).find(([, p]) => p === priority)?.[0] as PriorityLevel) ?? 'normal';
  }
}

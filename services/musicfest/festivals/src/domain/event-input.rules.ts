import type { FieldIssue } from '@coordina/platform';
import type { EventSize } from '../contracts/events';
import { EventSizePolicy } from './event-size.policy';

export interface EventShape {
  startsAt: Date;
  purchaseDeadline: Date;
  size: EventSize;
  ticketTypes: readonly {
    name: string;
    quantity: number;
    salesStartAt: Date;
    salesEndAt: Date;
    /** Where the type is in the body, for errors (default `body.ticketTypes.<index>`). */
    field?: string;
  }[];
}

/**
 * Consistency of an event as a whole (the DTOs check each field alone): deadline not after
 * the start, each sales window non-empty and closed by the deadline, unique type names, and
 * total seats within the size. Problems name the body field.
 */
export class EventInputRules {
  readonly #sizes = new EventSizePolicy();

  check(e: EventShape, now: Date, options: { requireFuture: boolean }): FieldIssue[] {
    const issues: FieldIssue[] = [];
    if (options.requireFuture && e.startsAt.getTime() <= now.getTime())
      issues.push({ field: 'body.startsAt', message: 'must be in the future' });
    if (e.purchaseDeadline.getTime() > e.startsAt.getTime())
      issues.push({ field: 'body.purchaseDeadline', message: 'must not be after startsAt' });
    const names = new Set<string>();
    e.ticketTypes.forEach((t, i) => {
      const at = t.field ?? `body.ticketTypes.${i}`;
      if (t.salesEndAt.getTime() <= t.salesStartAt.getTime())
        issues.push({ field: `${at}.salesEndAt`, message: 'must be after salesStartAt' });
      if (t.salesEndAt.getTime() > e.purchaseDeadline.getTime())
        issues.push({ field: `${at}.salesEndAt`, message: 'must not be after the purchase deadline' });
      const key = t.name.trim().toLowerCase();
      if (names.has(key)) issues.push({ field: `${at}.name`, message: 'duplicate ticket type name' });
      names.add(key);
    });
    const seats = e.ticketTypes.reduce((n, t) => n + t.quantity, 0);
    const max = this.#sizes.maxSeats(e.size);
    if (seats > max) {
      const fits = this.#sizes.smallestFor(seats);
      issues.push({
        field: 'body.ticketTypes',
        message: `${seats} seats exceed the ${max} a ${e.size} event allows${fits ? ` (use size ${fits})` : ''}`,
      });
    }
    return issues;
  }
}

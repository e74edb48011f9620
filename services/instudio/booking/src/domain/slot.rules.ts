import type { SalonDetail } from '@coordina/instudio-salons/contracts';
import { ZonedTime } from './zoned-time';

export interface Interval {
  start: Date;
  end: Date;
}
export interface BusyInterval extends Interval {
  stylistId: string;
}
export interface FreeSlot extends Interval {
  stylistId: string;
}

/** Why a requested slot cannot be booked; `field` names the offending input. */
export interface SlotProblem {
  code:
    | 'UNKNOWN_SERVICE'
    | 'UNKNOWN_STYLIST'
    | 'STYLIST_DOES_NOT_OFFER_SERVICE'
    | 'IN_THE_PAST'
    | 'TOO_SOON'
    | 'OUTSIDE_HOURS';
  field: string;
  message: string;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/**
 * Availability: a stylist is free for a service inside both the salon's and the stylist's hours
 * of that weekday (a stylist without hours works the salon's), on a fixed grid, at least the
 * lead time ahead, and clear of held or confirmed bookings. Pure.
 */
export class SlotRules {
  constructor(
    readonly stepMinutes = 15,
    readonly leadTimeMinutes = 0,
  ) {}

  /** The earliest start a booking made at `now` may have. */
  earliest(now: Date): Date {
    return new Date(now.getTime() + this.leadTimeMinutes * 60_000);
  }

  /** Today's working window of a stylist, in minutes since local midnight, or none. */
  window(salon: SalonDetail, stylistId: string, weekday: number): { opens: number; closes: number } | undefined {
    const salonDay = salon.hours.find((h) => h.weekday === weekday);
    const stylist = salon.stylists.find((s) => s.id === stylistId);
    if (!salonDay || !stylist) return undefined;
    const own = stylist.hours.length === 0 ? salonDay : stylist.hours.find((h) => h.weekday === weekday);
    if (!own) return undefined;
    const opens = Math.max(toMinutes(salonDay.opens), toMinutes(own.opens));
    const closes = Math.min(toMinutes(salonDay.closes), toMinutes(own.closes));
    return closes > opens ? { opens, closes } : undefined;
  }

  free(salon: SalonDetail, serviceId: string, date: string, busy: readonly BusyInterval[], now: Date): FreeSlot[] {
    const service = salon.services.find((s) => s.id === serviceId);
    if (!service) return [];
    const zone = new ZonedTime(salon.timezone);
    const weekday = ZonedTime.weekday(date);
    const earliest = this.earliest(now);
    const slots: FreeSlot[] = [];
    for (const stylist of salon.stylists.filter((s) => s.serviceIds.includes(serviceId))) {
      const w = this.window(salon, stylist.id, weekday);
      if (!w) continue;
      const taken = busy.filter((b) => b.stylistId === stylist.id);
      for (let m = w.opens; m + service.durationMinutes <= w.closes; m += this.stepMinutes) {
        const start = zone.toInstant(date, m);
        // A wall-clock time a DST gap skips (02:00-02:59 on a spring-forward day) names no instant.
        if (zone.local(start).minutes !== m) continue;
        const slot = {
          stylistId: stylist.id,
          start,
          end: new Date(start.getTime() + service.durationMinutes * 60_000),
        };
        if (start > now && start >= earliest && !taken.some((b) => overlaps(b, slot))) slots.push(slot);
      }
    }
    return slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.stylistId.localeCompare(b.stylistId));
  }

  /** Checks a requested booking against the salon; returns its interval, or the first problem. */
  check(
    salon: SalonDetail,
    req: { serviceId: string; stylistId: string; start: Date },
    now: Date,
  ): { ok: true; interval: Interval; price: number } | { ok: false; problem: SlotProblem } {
    const fail = (code: SlotProblem['code'], field: string, message: string) =>
      ({ ok: false, problem: { code, field, message } }) as const;
    const service = salon.services.find((s) => s.id === req.serviceId);
    if (!service) return fail('UNKNOWN_SERVICE', 'body.serviceId', 'not a service of this salon');
    const stylist = salon.stylists.find((s) => s.id === req.stylistId);
    if (!stylist) return fail('UNKNOWN_STYLIST', 'body.stylistId', 'not a stylist of this salon');
    if (!stylist.serviceIds.includes(service.id))
      return fail('STYLIST_DOES_NOT_OFFER_SERVICE', 'body.stylistId', 'this stylist does not offer this service');
    if (req.start <= now) return fail('IN_THE_PAST', 'body.start', 'start is in the past');
    if (req.start < this.earliest(now))
      return fail('TOO_SOON', 'body.start', `starts sooner than the lead time (${this.leadTimeMinutes} minutes)`);
    const local = new ZonedTime(salon.timezone).local(req.start);
    const w = this.window(salon, stylist.id, local.weekday);
    if (!w || local.minutes < w.opens || local.minutes + service.durationMinutes > w.closes)
      return fail('OUTSIDE_HOURS', 'body.start', "outside the salon's or the stylist's hours");
    const end = new Date(req.start.getTime() + service.durationMinutes * 60_000);
    return { ok: true, interval: { start: req.start, end }, price: service.priceCents };
  }
}

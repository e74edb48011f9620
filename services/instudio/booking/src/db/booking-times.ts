import { ZonedTime } from '../domain/zoned-time';
import type { BookingRecord } from './booking.record';

/** A booking's start and end as ISO strings with the salon's offset, as events and the API show them. */
export function localTimes(b: BookingRecord): { start: string; end: string } {
  const zone = new ZonedTime(b.timeZone);
  return { start: zone.format(new Date(b.startAt)), end: zone.format(new Date(b.endAt)) };
}

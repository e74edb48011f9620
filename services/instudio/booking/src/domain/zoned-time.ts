/** A local wall-clock reading in one time zone. */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** 0 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * One offset formatter per zone for the process: building an Intl.DateTimeFormat costs far more
 * than using one, and a booking's view built several (a profile of the booking saga's bench put
 * ZonedTime's constructor at 5 % of the process's CPU). A formatter has no state between calls.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, f);
  }
  return f;
}

/**
 * Converts between instants and wall-clock times of one IANA time zone with Intl only.
 * Offsets are looked up per instant, so zones with DST work too (America/Lima has none).
 */
export class ZonedTime {
  readonly #offsetFormat: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.#offsetFormat = offsetFormat(timeZone);
  }

  /** The zone's offset from UTC at an instant, in minutes (Lima: -300). */
  offsetMinutes(at: Date): number {
    const name = this.#offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    if (!m) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === '-' ? -minutes : minutes;
  }

  /** The instant a local date and time-of-day (minutes since midnight) names. */
  toInstant(date: string, minutes: number): Date {
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    const asUtc = Date.UTC(y, mo - 1, d) + minutes * 60_000;
    const first = asUtc - this.offsetMinutes(new Date(asUtc)) * 60_000;
    const second = asUtc - this.offsetMinutes(new Date(first)) * 60_000;
    return new Date(second);
  }

  local(at: Date): LocalTime {
    const shifted = new Date(at.getTime() + this.offsetMinutes(at) * 60_000);
    return {
      date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
      weekday: shifted.getUTCDay(),
      minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60,
    };
  }

  /** ISO 8601 with the zone's offset, e.g. 2030-03-04T09:00:00-05:00. */
  format(at: Date): string {
    const offset = this.offsetMinutes(at);
    const s = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${s}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  /** The weekday (0 = Sunday) of a calendar date; the same in every zone. */
  static weekday(date: string): number {
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  }
}

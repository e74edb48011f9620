import i18n from './i18n';

/** Money in integer cents of `currency`, in the user's language. */
export function money(cents: number, currency = 'PEN'): string {
  return new Intl.NumberFormat(i18n.language, { style: 'currency', currency }).format(cents / 100);
}

/** Soles typed by the user as the API's integer cents, or undefined when blank or not a price. */
export function cents(soles: string): number | undefined {
  if (soles.trim() === '') return undefined;
  const n = Number(soles);
  return Number.isFinite(n) && n >= 0 && n <= 100_000 ? Math.round(n * 100) : undefined;
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as written in the user's language; no time zone shifts it. */
export function calendarDate(date: string): string {
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** A weekday's name (0 = Sunday, as the API counts). */
export function weekday(day: number, width: 'long' | 'short' = 'long'): string {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(i18n.language, { weekday: width, timeZone: 'UTC' }).format(
    new Date(Date.UTC(2023, 0, 1 + day)),
  );
}

/** A wall-clock time (HH:mm, local to some zone) as written in the user's language. */
export function clock(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2023, 0, 1, h, m)),
  );
}

/** A time zone's name in the user's language, e.g. "hora de Perú" for America/Lima. */
export function zoneName(timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat(i18n.language, { timeZone, timeZoneName: 'long' }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

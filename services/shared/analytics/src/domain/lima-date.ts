/** Lima's offset from UTC: -05:00 all year (Peru keeps no daylight saving time). */
const LIMA_OFFSET_MS = -5 * 3_600_000;

/** The calendar date in Lima (YYYY-MM-DD) of an instant, whatever offset it was written with. */
export function limaDate(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`);
  return new Date(ms + LIMA_OFFSET_MS).toISOString().slice(0, 10);
}

import { createHash } from 'node:crypto';

/**
 * A job id derived from its queue and singleton key (UUID-shaped, version 8), so sending the
 * same key twice inserts one job (pg-boss skips a conflicting id) and the key alone finds
 * the job again, e.g. to cancel a reminder.
 */
export function jobIdFor(queue: string, singletonKey: string): string {
  const h = createHash('sha256').update(`${queue}\u0000${singletonKey}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x80;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

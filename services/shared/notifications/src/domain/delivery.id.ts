import { createHash } from 'node:crypto';

/**
 * The identity of what one delivery produces (the notification's and the email's unique
 * event id): md5 of the key as a UUID, the same value PostgreSQL computes with `md5(key)::uuid`,
 * so a job that runs twice writes once.
 */
export function deliveryId(key: string): string {
  const h = createHash('md5').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

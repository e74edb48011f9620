import type { Locale, System } from '../contracts/access.events';
import type { UserRecord } from '../db/user.record';

/** Who an access email goes to: the common fields of the access events. */
export function recipientOf(u: UserRecord): {
  userId: string;
  email: string;
  name: string;
  locale: Locale;
  system: System;
} {
  return { userId: u.id, email: u.email, name: u.name, locale: u.locale, system: u.system };
}

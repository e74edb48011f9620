import type { Role } from '@coordina/platform';
import type { Locale, System } from '../contracts/access.events';

/** A row of `users`. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  system: System;
  locale: Locale;
  phone?: string | null;
  country?: string | null;
  birthDate?: string | null;
  emailVerified: boolean;
  /** Raised by logout-all and password reset; access tokens below it are refused (decision 0027). */
  sessionVersion?: number;
}

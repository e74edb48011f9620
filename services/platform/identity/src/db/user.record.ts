import type { Role } from '@coordina/platform';

/** A row of `users`. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
}

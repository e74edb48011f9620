import { z } from 'zod';

/**
 * A role a user's token carries (lower snake case). The platform knows only its own two,
 * `PlatformRoles`; each service's manifest registers the roles its routes name (`roles`), and
 * the boot refuses a route naming a role nobody registered (manifest.check.ts).
 */
export type Role = string;

/** The platform's roles: every signed-in customer is a `client`; `platform_admin` operates it. */
export const PlatformRoles = ['client', 'platform_admin'] as const;

const ROLE = /^[a-z][a-z0-9_]{0,63}$/;

/** A role name at a boundary (tokens, identity's bodies and events). */
export const RoleName = z.string().regex(ROLE, 'a role is lower snake case');

/** Whether a value is a well-formed role name. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLE.test(value);
}

/** Declares a service's roles (checked to be well formed), for its manifest's `roles`. */
export function defineRoles<const R extends readonly string[]>(...roles: R): R {
  for (const r of roles) if (!isRole(r)) throw new Error(`role ${r}: use lower_snake_case`);
  return Object.freeze(roles) as R;
}

import type { AccessRequirement } from '@coordina/platform';

/**
 * The systems whose routes ask more than a valid token (decision 0026). Identity signs in
 * under these rules (its AccessPolicy, the login body's `policy`); a service whose routes name
 * one registers it in its manifest (`accessPolicies: { musicfest: SystemAccess.musicfest }`),
 * so the gateway enforces the same rule identity signs in under (decision 0035).
 */
export const SystemAccess = {
  musicfest: { emailVerified: true, secondFactor: true },
} as const satisfies Record<string, AccessRequirement>;

export type SystemAccessName = keyof typeof SystemAccess;

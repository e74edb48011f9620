/** What identity vouches for in a token besides who the user is (decision 0026). */
export interface AuthProof {
  /** How the user authenticated (RFC 8176): `pwd`, plus `otp` (emailed code) or `swk` (remembered device). */
  amr?: readonly string[];
  /** The account's email address is verified. */
  emailVerified?: boolean;
  /** The user's session version when the token was issued; a higher one ends it (decision 0027). */
  sessionVersion?: number;
}

/** What a system asks of an account before it may act there (identity enforces it at sign-in). */
export interface AccessRequirement {
  /** The email address is verified. */
  readonly emailVerified: boolean;
  /** The sign-in used a second factor: an emailed code or a device remembered after one. */
  readonly secondFactor: boolean;
}

/**
 * An access policy's name, as a route contract names it (`policy`). The platform knows no
 * policy: identity's contracts define them (it signs in under them, decision 0026) and a
 * service whose routes name one registers it in its manifest (`accessPolicies`, decision 0035),
 * where the gateway finds it.
 */
export type AccessPolicyName = string;

/** RFC 8176 methods that count as a second factor: one-time code, software-secured key (remembered device). */
export const SECOND_FACTORS: readonly string[] = ['otp', 'swk'];

/** What the user's token lacks to meet the requirement ([] when it meets it). */
export function unmetAccess(user: AuthProof, need: AccessRequirement): string[] {
  const missing: string[] = [];
  if (need.emailVerified && user.emailVerified !== true) missing.push('a verified email address');
  if (need.secondFactor && !user.amr?.some((m) => SECOND_FACTORS.includes(m))) missing.push('a second factor');
  return missing;
}

/**
 * The proof of a sign-in with a verified email and a second factor, for tools that mint
 * tokens with the deployment's key instead of signing in (tests, benchmarks; decision 0010).
 */
export const MINTED_SIGN_IN = { amr: ['pwd', 'otp'], emailVerified: true } as const;

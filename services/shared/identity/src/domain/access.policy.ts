import type { System } from '../contracts/access.events';
import { SystemAccess, type SystemAccessName } from '../contracts/system-access';

/**
 * Failed sign-ins: `maxFailures` within `windowSeconds` lock the account, for the source they
 * came from, for `lockSeconds` (doubling with each further lock within a day).
 */
export interface LockoutRule {
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
}

/** The profile fields a system requires at registration. */
export type ProfileField = 'phone' | 'country' | 'birthDate';

/**
 * How one system lets its accounts in. Access is shared by every system; the policy is
 * per system: lockout, mandatory email verification, the emailed second factor.
 */
export class AccessPolicy {
  constructor(
    readonly system: System,
    readonly lockout: LockoutRule,
    readonly requireEmailVerification: boolean,
    readonly twoFactor: boolean,
    readonly requiredProfile: readonly ProfileField[],
  ) {}

  /** Email verification and 2FA codes. */
  readonly codeTtlSeconds = { verify_email: 15 * 60, login_2fa: 10 * 60 } as const;
  readonly maxCodeAttempts = 5;
  readonly passwordResetTtlSeconds = 30 * 60;
  readonly rememberDeviceSeconds = 30 * 24 * 3600;

  /**
   * The lockout counts failures per account and source (client IP): `lockout` for one
   * source; this one for all sources together (a distributed guess), ten times as many.
   * A remembered device passes both.
   */
  get accountWideLockout(): LockoutRule {
    return { ...this.lockout, maxFailures: this.lockout.maxFailures * ACCOUNT_WIDE_FACTOR };
  }

  /** The required profile fields that `profile` lacks, in declaration order. */
  missingProfile(profile: Partial<Record<ProfileField, unknown>>): ProfileField[] {
    return this.requiredProfile.filter((f) => profile[f] === undefined || profile[f] === null || profile[f] === '');
  }

  /**
   * The policy a sign-in follows: the account's own, made stricter by the system the client
   * signs in for (`policy` in the login body), so that an InStudio account can meet
   * MusicFest's verification and second factor before buying tickets (decision 0026).
   */
  static forSignIn(system: System, asked?: SystemAccessName): AccessPolicy {
    const own = AccessPolicy.for(system);
    if (!asked || asked === system) return own;
    const other = AccessPolicy.for(asked);
    return new AccessPolicy(
      system,
      own.lockout,
      own.requireEmailVerification || other.requireEmailVerification,
      own.twoFactor || other.twoFactor,
      own.requiredProfile,
    );
  }

  static for(system: System): AccessPolicy {
    return system === 'musicfest' ? MUSICFEST : new AccessPolicy(system, RELAXED_LOCKOUT, false, false, []);
  }
}

const ACCOUNT_WIDE_FACTOR = 10;

const RELAXED_LOCKOUT: LockoutRule = { maxFailures: 5, windowSeconds: 5 * 60, lockSeconds: 5 * 60 };

const MUSICFEST = new AccessPolicy(
  'musicfest',
  { maxFailures: 3, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
  SystemAccess.musicfest.emailVerified,
  SystemAccess.musicfest.secondFactor,
  ['phone', 'country', 'birthDate'],
);

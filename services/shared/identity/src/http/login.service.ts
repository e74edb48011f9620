import { randomUUID } from 'node:crypto';
import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { LoginResponse, TwoFactorBody, TwoFactorTokens } from '../contracts/access.dto';
import { CuentaBloqueada, type System } from '../contracts/access.events';
import type { LoginBody } from '../contracts/identity.dto';
import { IdentityErrors } from '../contracts/identity.errors';
import { ANY_SOURCE, LockoutRepository, type LockoutState } from '../db/lockout.repository';
import { TrustedDevicesRepository } from '../db/trusted-devices.repository';
import { UsersRepository } from '../db/users.repository';
import { AccessPolicy } from '../domain/access.policy';
import { PasswordHasher } from '../domain/password.hasher';
import { SecretCodec } from '../domain/secret.codec';
import { AccessCodeIssuer } from './access-code.issuer';
import type { ClientInfo } from './client.info';
import { recipientOf } from './recipient.mapper';
import { TokenIssuer } from './token.issuer';

type Outcome =
  | { kind: 'ok'; body: LoginResponse }
  | { kind: 'invalid' }
  | { kind: 'unverified' }
  | { kind: 'locked'; retryAfter: number };

/** Password sign-in under the account's system policy: lockout, email verification, emailed 2FA. */
@Injectable()
export class LoginService {
  readonly #users = new UsersRepository();
  readonly #lockout = new LockoutRepository();
  readonly #devices = new TrustedDevicesRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(SecretCodec) private readonly codec: SecretCodec,
    @Inject(AccessCodeIssuer) private readonly codes: AccessCodeIssuer,
    @Inject(TokenIssuer) private readonly tokens: TokenIssuer,
  ) {}

  /**
   * Failures count per account key and source (client IP), and for the account as a whole;
   * unknown emails are counted and answered exactly like accounts (401, then 423), under a
   * policy picked from a keyed hash of the email, so neither the status nor the threshold
   * tells whether an account exists. A remembered device with the right password passes a lock.
   */
  async login(body: LoginBody, client: ClientInfo): Promise<LoginResponse> {
    const key = body.email.trim().toLowerCase();
    const source = client.ip ?? 'unknown';
    const user = await this.#users.findByEmail(this.ctx.db.db, key);
    // The hash is checked before the transaction: no connection is held while scrypt runs.
    const valid = await this.hasher.verify(body.password, user?.passwordHash);
    const policy = AccessPolicy.forSignIn(user?.system ?? this.#unknownSystem(key), body.policy);
    const outcome = await this.ctx.db.transaction(async (tx): Promise<Outcome> => {
      if (!user || !valid) {
        const one = await this.#lockout.recordFailure(tx, key, source, policy.lockout);
        const all = await this.#lockout.recordFailure(tx, key, ANY_SOURCE, policy.accountWideLockout);
        const locked = [one, all].find((s) => s.justLocked && s.until);
        if (user && locked?.until) {
          await this.ctx.bus.publish(tx, CuentaBloqueada, {
            ...recipientOf(user),
            failures: locked.failures,
            until: locked.until.toISOString(),
          });
        }
        const refused = [one, all].filter((s) => s.locked && !s.justLocked);
        return refused.length > 0 ? { kind: 'locked', retryAfter: maxRetry(refused) } : { kind: 'invalid' };
      }
      const device = body.deviceToken
        ? await this.#devices.use(tx, user.id, this.codec.digest(body.deviceToken))
        : undefined;
      const one = await this.#lockout.recordSuccess(tx, key, source);
      const all = await this.#lockout.state(tx, key, ANY_SOURCE);
      const refused = [one, all].filter((s) => s.locked);
      if (refused.length > 0 && !device) return { kind: 'locked', retryAfter: maxRetry(refused) };
      if (policy.requireEmailVerification && !user.emailVerified) return { kind: 'unverified' };
      if (!policy.twoFactor) return { kind: 'ok', body: await this.tokens.signIn(tx, user, client) };
      if (device) return { kind: 'ok', body: await this.tokens.signIn(tx, user, client, { device }, 'swk') };
      const challenge = await this.codes.issue(tx, user, 'login_2fa');
      return {
        kind: 'ok',
        body: { twoFactorRequired: true, challengeId: challenge.id, expiresIn: challenge.ttlSeconds },
      };
    });
    // Thrown after the commit, so the failed attempt stays counted.
    if (outcome.kind === 'locked') {
      throw new AppError(
        IdentityErrors.ACCOUNT_LOCKED,
        `too many failed logins; try again in ${outcome.retryAfter} s`,
        {
          headers: { 'retry-after': String(outcome.retryAfter) },
        },
      );
    }
    if (outcome.kind === 'invalid') throw new AppError(IdentityErrors.INVALID_CREDENTIALS, 'wrong email or password');
    if (outcome.kind === 'unverified') {
      throw new AppError(IdentityErrors.EMAIL_NOT_VERIFIED, 'confirm your email address with the code we sent first');
    }
    return outcome.body;
  }

  /** The system whose lockout an unknown email gets: fixed per email, unguessable without the server key. */
  #unknownSystem(key: string): System {
    return Number.parseInt(this.codec.codeHash('', 'unknown-account', key).slice(0, 2), 16) % 2 === 0
      ? 'musicfest'
      : 'instudio';
  }

  /** The second factor: the emailed code (single use, expiring, limited attempts). */
  async completeTwoFactor(body: TwoFactorBody, client: ClientInfo): Promise<TwoFactorTokens> {
    const db = this.ctx.db.db;
    const userId = await this.codes.ownerOf(db, body.challengeId, 'login_2fa');
    const user = userId ? await this.#users.findById(db, userId) : undefined;
    const result = await this.ctx.db.transaction(async (tx): Promise<TwoFactorTokens | undefined> => {
      if (!user || !(await this.codes.check(tx, body.challengeId, user.id, 'login_2fa', body.code))) return undefined;
      if (!body.rememberDevice) return this.tokens.signIn(tx, user, client, {}, 'otp');
      const deviceToken = this.codec.token();
      const device = { id: randomUUID(), name: body.deviceName ?? null };
      await this.#devices.insert(tx, {
        id: device.id,
        userId: user.id,
        tokenHash: this.codec.digest(deviceToken),
        name: body.deviceName,
        ttlSeconds: AccessPolicy.for(user.system).rememberDeviceSeconds,
      });
      return { ...(await this.tokens.signIn(tx, user, client, { device, fresh: true }, 'otp')), deviceToken };
    });
    // After the commit: the wrong attempt stays counted.
    if (!result) throw new AppError(IdentityErrors.INVALID_CODE, 'the code is wrong, expired or already used');
    return result;
  }
}

function maxRetry(states: LockoutState[]): number {
  return Math.max(...states.map((s) => s.retryAfter));
}

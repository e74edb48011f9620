import { randomUUID } from 'node:crypto';
import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { LoginResponse, TwoFactorBody, TwoFactorTokens } from '../contracts/access.dto';
import { AccountLocked } from '../contracts/access.events';
import type { LoginBody } from '../contracts/identity.dto';
import { LockoutRepository } from '../db/lockout.repository';
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

  async login(body: LoginBody, client: ClientInfo): Promise<LoginResponse> {
    const user = await this.#users.findByEmail(this.ctx.db.db, body.email.trim());
    // The hash is checked before the transaction: no connection is held while scrypt runs.
    const valid = await this.hasher.verify(body.password, user?.passwordHash);
    if (!user) throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
    const policy = AccessPolicy.forSignIn(user.system, body.policy);
    const outcome = await this.ctx.db.transaction(async (tx): Promise<Outcome> => {
      if (!valid) {
        const state = await this.#lockout.recordFailure(tx, user.id, policy.lockout);
        if (state.justLocked && state.until) {
          await this.ctx.bus.publish(tx, AccountLocked, {
            ...recipientOf(user),
            failures: state.failures,
            until: state.until.toISOString(),
          });
        }
        return state.locked && !state.justLocked
          ? { kind: 'locked', retryAfter: state.retryAfter }
          : { kind: 'invalid' };
      }
      const state = await this.#lockout.recordSuccess(tx, user.id);
      if (state.locked) return { kind: 'locked', retryAfter: state.retryAfter };
      if (policy.requireEmailVerification && !user.emailVerified) return { kind: 'unverified' };
      if (!policy.twoFactor) return { kind: 'ok', body: await this.tokens.signIn(tx, user, client) };
      const device = body.deviceToken
        ? await this.#devices.use(tx, user.id, this.codec.digest(body.deviceToken))
        : undefined;
      if (device) return { kind: 'ok', body: await this.tokens.signIn(tx, user, client, { device }, 'swk') };
      const challenge = await this.codes.issue(tx, user, 'login_2fa');
      return {
        kind: 'ok',
        body: { twoFactorRequired: true, challengeId: challenge.id, expiresIn: challenge.ttlSeconds },
      };
    });
    // Thrown after the commit, so the failed attempt stays counted.
    if (outcome.kind === 'locked') {
      throw new AppError('ACCOUNT_LOCKED', `too many failed logins; try again in ${outcome.retryAfter} s`, {
        headers: { 'retry-after': String(outcome.retryAfter) },
      });
    }
    if (outcome.kind === 'invalid') throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
    if (outcome.kind === 'unverified') {
      throw new AppError('EMAIL_NOT_VERIFIED', 'confirm your email address with the code we sent first');
    }
    return outcome.body;
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
    if (!result) throw new AppError('INVALID_CODE', 'the code is wrong, expired or already used');
    return result;
  }
}

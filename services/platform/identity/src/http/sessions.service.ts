import { randomUUID } from 'node:crypto';
import { AccessTokens, AppError, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { LoginBody, TokenPair } from '../contracts/identity.dto';
import { LoginAttemptsRepository } from '../db/login-attempts.repository';
import { RefreshTokensRepository } from '../db/refresh-tokens.repository';
import type { UserRecord } from '../db/user.record';
import { UsersRepository } from '../db/users.repository';
import { LockoutPolicy } from '../domain/lockout.policy';
import { PasswordHasher } from '../domain/password.hasher';
import { RefreshTokenCodec } from '../domain/refresh-token.codec';

type LoginOutcome = { kind: 'ok'; pair: TokenPair } | { kind: 'invalid' } | { kind: 'locked'; retryAfter: number };

/** Login with lockout, refresh-token rotation with reuse detection, and logout. */
@Injectable()
export class SessionsService {
  readonly #users = new UsersRepository();
  readonly #attempts = new LoginAttemptsRepository();
  readonly #refresh = new RefreshTokensRepository();
  readonly #codec = new RefreshTokenCodec();
  readonly #policy = new LockoutPolicy();
  readonly #access: AccessTokens;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {
    this.#access = new AccessTokens(ctx.config.jwtSecret, ctx.config.accessTokenTtlSeconds);
  }

  async login(body: LoginBody): Promise<TokenPair> {
    const emailKey = body.email.trim().toLowerCase();
    const user = await this.#users.findByEmail(this.ctx.db.db, emailKey);
    // The hash is checked before the transaction: no connection is held while scrypt runs.
    const valid = (await this.hasher.verify(body.password, user?.passwordHash)) && user !== undefined;
    const outcome = await this.ctx.db.transaction(async (tx): Promise<LoginOutcome> => {
      const now = await this.#attempts.lock(tx, emailKey);
      const failures = await this.#attempts.recentFailures(
        tx,
        emailKey,
        this.#policy.windowStart(now),
        this.#policy.maxFailures,
      );
      const until = this.#policy.lockedUntil(failures, now);
      if (until)
        return { kind: 'locked', retryAfter: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) };
      await this.#attempts.record(tx, emailKey, user?.id, valid, now);
      if (!valid || !user) return { kind: 'invalid' };
      return { kind: 'ok', pair: (await this.#issue(tx, user, randomUUID())).pair };
    });
    // Thrown after the commit, so the failed attempt stays recorded.
    if (outcome.kind === 'locked') {
      throw new AppError('ACCOUNT_LOCKED', `too many failed logins; try again in ${outcome.retryAfter} s`, {
        headers: { 'retry-after': String(outcome.retryAfter) },
      });
    }
    if (outcome.kind === 'invalid') throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
    return outcome.pair;
  }

  /** Rotates: the presented token is revoked and a new pair issued; a reused token revokes its family. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = this.#codec.digest(refreshToken);
    const pair = await this.ctx.db.transaction(async (tx) => {
      const row = await this.#refresh.revokeLive(tx, hash);
      if (!row) {
        const known = await this.#refresh.find(tx, hash);
        if (known?.revoked) await this.#refresh.revokeFamily(tx, known.familyId);
        return undefined;
      }
      const user = await this.#users.findById(tx, row.userId);
      if (!user) return undefined;
      const issued = await this.#issue(tx, user, row.familyId);
      await this.#refresh.markReplaced(tx, row.id, issued.id);
      return issued.pair;
    });
    if (!pair) throw new AppError('INVALID_TOKEN', 'refresh token is invalid, expired or revoked');
    return pair;
  }

  /** Revokes one of the caller's refresh tokens; repeating it is harmless. */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.#refresh.revokeLive(this.ctx.db.db, this.#codec.digest(refreshToken), userId);
  }

  async #issue(tx: Tx, user: UserRecord, familyId: string): Promise<{ id: string; pair: TokenPair }> {
    const id = randomUUID();
    const refreshToken = this.#codec.generate();
    await this.#refresh.insert(tx, {
      id,
      userId: user.id,
      familyId,
      tokenHash: this.#codec.digest(refreshToken),
      ttlSeconds: this.ctx.config.refreshTokenTtlSeconds,
    });
    const accessToken = await this.#access.sign({ id: user.id, email: user.email, roles: user.roles });
    return { id, pair: { accessToken, refreshToken, expiresIn: this.ctx.config.accessTokenTtlSeconds } };
  }
}

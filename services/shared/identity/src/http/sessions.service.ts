import { AppError, type Db, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { TokenPair } from '../contracts/identity.dto';
import { RefreshTokensRepository } from '../db/refresh-tokens.repository';
import { UsersRepository } from '../db/users.repository';
import { RefreshTokenCodec } from '../domain/refresh-token.codec';
import { TokenIssuer } from './token.issuer';

/**
 * Refresh-token rotation with reuse detection, logout and logout everywhere. Ending every
 * session also raises the user's session version, which the gateway checks on each access
 * token (decision 0027).
 */
@Injectable()
export class SessionsService implements OnApplicationBootstrap {
  readonly #users = new UsersRepository();
  readonly #refresh = new RefreshTokensRepository();
  readonly #codec = new RefreshTokenCodec();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(TokenIssuer) private readonly tokens: TokenIssuer,
  ) {}

  /**
   * Versions raised while access tokens issued before them may still be alive are put back
   * in the shared store: after a restart of the embedded default its in-memory store is empty.
   */
  async onApplicationBootstrap(): Promise<void> {
    const recent = await this.#users.recentSessionEnds(this.ctx.db.db, this.ctx.config.accessTokenTtlSeconds);
    for (const { id, sessionVersion } of recent) await this.ctx.sessions.bump(id, sessionVersion);
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
      const issued = await this.tokens.issue(tx, user, row.familyId, row.amr);
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

  /** Signs the caller out everywhere: refresh tokens revoked, access tokens refused at once. */
  async logoutAll(userId: string): Promise<void> {
    const version = await this.ctx.db.transaction((tx) => this.endAll(tx, userId));
    await this.announce(userId, version);
  }

  /** Within the caller's transaction: revokes every refresh token and raises the session version. */
  async endAll(q: Db, userId: string): Promise<number> {
    await this.#refresh.revokeAllForUser(q, userId);
    return this.#users.bumpSessionVersion(q, userId);
  }

  /** After the commit: the gateway refuses the user's older access tokens from now on. */
  async announce(userId: string, version: number): Promise<void> {
    await this.ctx.sessions.bump(userId, version);
  }
}

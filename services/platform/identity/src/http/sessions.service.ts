import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { TokenPair } from '../contracts/identity.dto';
import { RefreshTokensRepository } from '../db/refresh-tokens.repository';
import { UsersRepository } from '../db/users.repository';
import { RefreshTokenCodec } from '../domain/refresh-token.codec';
import { TokenIssuer } from './token.issuer';

/** Refresh-token rotation with reuse detection, logout and logout everywhere. */
@Injectable()
export class SessionsService {
  readonly #users = new UsersRepository();
  readonly #refresh = new RefreshTokensRepository();
  readonly #codec = new RefreshTokenCodec();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(TokenIssuer) private readonly tokens: TokenIssuer,
  ) {}

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
      const issued = await this.tokens.issue(tx, user, row.familyId);
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

  /** Revokes every refresh token of the caller (access tokens expire on their own). */
  async logoutAll(userId: string): Promise<void> {
    await this.#refresh.revokeAllForUser(this.ctx.db.db, userId);
  }
}

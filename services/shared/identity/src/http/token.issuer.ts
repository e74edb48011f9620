import { randomUUID } from 'node:crypto';
import { AccessTokens, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { TokenPair } from '../contracts/identity.dto';
import { RefreshTokensRepository } from '../db/refresh-tokens.repository';
import type { UserRecord } from '../db/user.record';
import { RefreshTokenCodec } from '../domain/refresh-token.codec';
import type { ClientInfo } from './client.info';
import { type SignInDevice, SignInRecorder } from './sign-in.recorder';

/** The second factor of a sign-in (RFC 8176): the emailed code, or a device remembered after one. */
export type SecondFactor = 'otp' | 'swk';

/**
 * Issues access and refresh tokens; a sign-in starts a new refresh-token family. Access
 * tokens say how the user authenticated (amr, kept by the family's refreshes), whether the
 * email is verified (read again at each refresh) and the user's session version (decisions
 * 0026, 0027).
 */
@Injectable()
export class TokenIssuer {
  readonly #refresh = new RefreshTokensRepository();
  readonly #codec = new RefreshTokenCodec();
  readonly #access: AccessTokens;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(SignInRecorder) private readonly recorder: SignInRecorder,
  ) {
    this.#access = new AccessTokens(ctx.config.jwtSecret, ctx.config.accessTokenTtlSeconds);
  }

  /** A completed sign-in: records it (suspicious-login check) and issues a new token family. */
  async signIn(
    tx: Tx,
    user: UserRecord,
    client: ClientInfo,
    from: SignInDevice = {},
    secondFactor?: SecondFactor,
  ): Promise<TokenPair> {
    await this.recorder.record(tx, user, client, from);
    const amr = secondFactor ? ['pwd', secondFactor] : ['pwd'];
    return (await this.issue(tx, user, randomUUID(), amr)).pair;
  }

  async issue(
    tx: Tx,
    user: UserRecord,
    familyId: string,
    amr: readonly string[],
  ): Promise<{ id: string; pair: TokenPair }> {
    const id = randomUUID();
    const refreshToken = this.#codec.generate();
    await this.#refresh.insert(tx, {
      id,
      userId: user.id,
      familyId,
      tokenHash: this.#codec.digest(refreshToken),
      amr,
      ttlSeconds: this.ctx.config.refreshTokenTtlSeconds,
    });
    const accessToken = await this.#access.sign({
      id: user.id,
      email: user.email,
      roles: user.roles,
      amr,
      emailVerified: user.emailVerified,
      sessionVersion: user.sessionVersion ?? 0,
    });
    return { id, pair: { accessToken, refreshToken, expiresIn: this.ctx.config.accessTokenTtlSeconds } };
  }
}

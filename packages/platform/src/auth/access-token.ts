import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { type Role, Roles } from '../contracts/route-contract';
import { AppError } from '../errors/app-error';
import type { AuthUser } from '../http/current-user.decorator';

const ISSUER = 'coordina';
const AUDIENCE = 'coordina-api';

/** Signs and verifies access tokens (HS256 JWT: sub, email, roles). Identity signs; every process verifies. */
export class AccessTokens {
  readonly #key: Uint8Array;
  /** The key imported once for verifying: jose would import a raw key again on every call. */
  #verifyKey: Promise<webcrypto.CryptoKey> | undefined;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.#key = new TextEncoder().encode(secret);
  }

  async sign(user: AuthUser): Promise<string> {
    return new SignJWT({ email: user.email, roles: user.roles })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.#key);
  }

  async verify(token: string): Promise<AuthUser> {
    try {
      this.#verifyKey ??= webcrypto.subtle.importKey('raw', this.#key, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'verify',
      ]);
      const { payload } = await jwtVerify(token, await this.#verifyKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => (Roles as readonly string[]).includes(r as string))
        : [];
      if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new Error('claims');
      return { id: payload.sub, email: payload.email, roles };
    } catch {
      throw new AppError('INVALID_TOKEN');
    }
  }
}

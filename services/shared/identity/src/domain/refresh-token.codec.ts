import { createHash, randomBytes } from 'node:crypto';

/** Refresh tokens are random opaque strings; only their SHA-256 digest is stored. */
export class RefreshTokenCodec {
  generate(): string {
    return randomBytes(32).toString('base64url');
  }

  digest(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}

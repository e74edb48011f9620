import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * One-time secrets. Codes (6 digits, a small space) are stored as an HMAC keyed by a server
 * secret and bound to the account and purpose; random tokens (links, remembered devices) as SHA-256.
 */
export class SecretCodec {
  constructor(private readonly key: string) {}

  sixDigits(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  codeHash(userId: string, purpose: string, code: string): string {
    return createHmac('sha256', this.key).update(`${purpose}:${userId}:${code}`).digest('hex');
  }

  /** 32 random bytes, base64url (43 characters). */
  token(): string {
    return randomBytes(32).toString('base64url');
  }

  digest(value: string): string {
    return createHash('sha256').update(value).digest('hex');
  }
}

import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 64;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * scrypt password hashes with a random salt per password, stored as
 * `scrypt$N$r$p$salt$hash` (base64) so the cost can be raised without breaking old hashes.
 */
export class PasswordHasher {
  #dummy: Promise<string> | undefined;

  constructor(private readonly cost: { N: number; r: number; p: number } = { N: 16384, r: 8, p: 1 }) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const { N, r, p } = this.cost;
    const key = await derive(password, salt, KEY_LENGTH, { N, r, p, maxmem: 128 * N * r * 2 });
    return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /** Constant-time check. With no stored hash it still spends the same work (no user enumeration by timing). */
  async verify(password: string, stored: string | undefined): Promise<boolean> {
    this.#dummy ??= this.hash('not-a-real-password');
    const encoded = stored ?? (await this.#dummy);
    const [scheme, n, r, p, salt, hash] = encoded.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const N = Number(n);
    const R = Number(r);
    const P = Number(p);
    const expected = Buffer.from(hash, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), expected.length, {
      N,
      r: R,
      p: P,
      maxmem: 128 * N * R * 2,
    });
    return stored !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

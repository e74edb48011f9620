import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** HKDF labels: the encryption key and the fingerprint key serve nothing else. */
const ENCRYPTION_LABEL = 'coordina/gamevault-logistics/key-pool/aes-256-gcm/v1';
const FINGERPRINT_LABEL = 'coordina/gamevault-logistics/key-pool/fingerprint/v1';

/**
 * The key pool's cipher: each game key sealed with AES-256-GCM (a fresh 96-bit IV per key),
 * bound to its product (additional data), so a sealed key moved to another product does not
 * open. Its fingerprint, an HMAC-SHA256 under a second derived key, lets the database refuse
 * the same key twice in a product's pool without holding it in clear. Both keys come from one
 * secret by HKDF-SHA256. Nothing here logs.
 */
export class KeyCipher {
  readonly #key: Buffer;
  readonly #fingerprintKey: Buffer;

  private constructor(secret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'coordina', ENCRYPTION_LABEL, 32));
    this.#fingerprintKey = Buffer.from(hkdfSync('sha256', secret, 'coordina', FINGERPRINT_LABEL, 32));
  }

  static fromSecret(secret: string): KeyCipher {
    if (secret.length < 32) throw new Error('the key pool secret needs at least 32 characters');
    return new KeyCipher(secret);
  }

  /** `v1.<base64url(iv | tag | ciphertext)>`. */
  seal(code: string, productId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(aad(productId));
    const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The key in clear; throws when sealed for another product, under another key, or altered. */
  open(sealed: string, productId: string): string {
    const [version, payload] = sealed.split('.');
    if (version !== VERSION || !payload) throw new Error('not a sealed game key');
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed game key');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(productId));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** The key's fingerprint in its product's pool (hex): equal keys, equal fingerprints. */
  fingerprint(code: string, productId: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(`${productId}:${code}`, 'utf8').digest('hex');
  }
}

function aad(productId: string): Buffer {
  return Buffer.from(`${ENCRYPTION_LABEL}:${productId}`, 'utf8');
}

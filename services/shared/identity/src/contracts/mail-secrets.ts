import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The HKDF label: this key serves nothing else, even though it comes from the JWT secret. */
const LABEL = 'coordina/mail-secrets/v1';

/**
 * One-time secrets (emailed codes, reset links) on their way to a mailbox, sealed with
 * AES-256-GCM under a key derived (HKDF-SHA256) from the JWT secret with its own label.
 * Identity seals them into its events; notifications opens them only to hand an email to
 * SMTP (or the .eml mailbox). Each seal is bound to the recipient's address (additional
 * data), so it cannot be replayed into someone else's email. See docs/decisions/0020.
 */
export class MailSecrets {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('MailSecrets needs a 32-byte key');
    this.#key = key;
  }

  static fromJwtSecret(jwtSecret: string): MailSecrets {
    return new MailSecrets(Buffer.from(hkdfSync('sha256', jwtSecret, 'coordina', LABEL, 32)));
  }

  /** `v1.<base64url(iv | tag | ciphertext)>`, bound to `recipient` (case-insensitive). */
  seal(plain: string, recipient: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(aad(recipient));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plain secret; throws when it was sealed for another recipient, under another key or altered. */
  open(sealed: string, recipient: string): string {
    const [version, payload] = sealed.split('.');
    if (version !== VERSION || !payload) throw new Error('not a sealed mail secret');
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed mail secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(recipient));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

function aad(recipient: string): Buffer {
  return Buffer.from(`${LABEL}:${recipient.trim().toLowerCase()}`, 'utf8');
}

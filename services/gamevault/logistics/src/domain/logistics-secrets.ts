import { hkdfSync } from 'node:crypto';
import { KeyCipher } from './key-cipher';

const CARRIER_LABEL = 'coordina/gamevault-logistics/carrier-webhook/v1';

/** The key pool's cipher: from its own secret, else from the platform's JWT secret (decision 0065). */
export function keyCipherOf(keysSecret: string | undefined, jwtSecret: string): KeyCipher {
  return KeyCipher.fromSecret(keysSecret ?? jwtSecret.padEnd(32, '.'));
}

/** The carrier's webhook secret: the configured one, else one derived from the JWT secret. */
export function carrierSecretOf(configured: string | undefined, jwtSecret: string): string {
  return configured ?? Buffer.from(hkdfSync('sha256', jwtSecret, 'coordina', CARRIER_LABEL, 32)).toString('hex');
}

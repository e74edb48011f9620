import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidWebhookSignatureError } from '../invalid-webhook-signature.error';

/** The wallets paid by phone and approval code. */
export type WalletProvider = 'yape' | 'plin';

/** The header carrying the signature: `x-yape-signature` / `x-plin-signature`, `sha256=<hex HMAC>`. */
export const walletSignatureHeader = (provider: WalletProvider) => `x-${provider}-signature`;

/** The signature of a raw body: HMAC-SHA256 with the provider's webhook secret, hex, `sha256=` first. */
export function walletSignature(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Verifies a wallet webhook's signature in constant time; throws InvalidWebhookSignatureError. */
export function verifyWalletSignature(rawBody: string, header: string | undefined, secret: string): void {
  if (!header) throw new InvalidWebhookSignatureError('missing signature header');
  if (!secret) throw new InvalidWebhookSignatureError('no webhook secret configured');
  const expected = Buffer.from(walletSignature(rawBody, secret), 'utf8');
  const given = Buffer.from(header, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidWebhookSignatureError('signature does not match the body');
  }
}

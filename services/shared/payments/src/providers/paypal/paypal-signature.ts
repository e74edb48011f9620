import { crc32 } from 'node:zlib';

/** The transmission headers PayPal signs its webhooks with. */
export interface PayPalTransmission {
  readonly id: string;
  /** ISO 8601, e.g. `2026-12-04T12:00:00Z`. */
  readonly time: string;
  readonly certUrl: string;
  readonly authAlgo: string;
  /** Base64 RSA signature. */
  readonly signature: string;
}

export const PAYPAL_HEADERS = {
  id: 'paypal-transmission-id',
  time: 'paypal-transmission-time',
  signature: 'paypal-transmission-sig',
  certUrl: 'paypal-cert-url',
  authAlgo: 'paypal-auth-algo',
} as const;

/** The only algorithm PayPal signs with. */
export const PAYPAL_AUTH_ALGO = 'SHA256withRSA';

/** The webhook id the sandbox signs with when PAYPAL_WEBHOOK_ID is not set. */
export const SANDBOX_PAYPAL_WEBHOOK_ID = 'WH-COORDINA-SANDBOX';

/**
 * The message PayPal signs, as its docs give it:
 * `<transmission id>|<transmission time>|<webhook id>|<CRC32 of the raw body, decimal>`.
 */
export function paypalSignedMessage(id: string, time: string, webhookId: string, rawBody: string): string {
  return `${id}|${time}|${webhookId}|${crc32(Buffer.from(rawBody, 'utf8'))}`;
}

import { type KeyObject, verify, X509Certificate } from 'node:crypto';
import { InvalidWebhookSignatureError } from '../invalid-webhook-signature.error';
import { PAYPAL_AUTH_ALGO, PAYPAL_HEADERS, paypalSignedMessage } from './paypal-signature';

/** How old (or how far ahead) a transmission may be: older ones are refused as replays. */
export const PAYPAL_TOLERANCE_MS = 5 * 60_000;

/** The hosts PayPal serves its webhook signing certificates from. */
const PAYPAL_CERT_HOSTS = new Set([
  'api.paypal.com',
  'api-m.paypal.com',
  'api.sandbox.paypal.com',
  'api-m.sandbox.paypal.com',
]);

export interface PayPalWebhookVerifierOptions {
  /** The webhook's id at PayPal (part of every signed message). */
  readonly webhookId: string;
  /**
   * Set only while the sandbox is the active PayPal adapter: its certificate URL and public
   * key, the one certificate then trusted (no certificate is fetched).
   */
  readonly sandbox?: { readonly certUrl: string; readonly publicKey: () => Promise<KeyObject> };
  /** Fetches a certificate's PEM (live mode; tests may stand in). */
  readonly fetchCertificate?: (url: string) => Promise<string>;
  readonly now?: () => number;
}

/**
 * Verifies a PayPal webhook locally, as PayPal documents it: the transmission headers, a
 * transmission time within five minutes, and the RSA-SHA256 signature of
 * `id|time|webhookId|crc32(body)` with the public key of the certificate at `paypal-cert-url`.
 * Live, that URL must be https on PayPal's own hosts; each certificate is fetched once and
 * cached (and must be within its validity dates).
 */
export class PayPalWebhookVerifier {
  readonly #certificates = new Map<string, Promise<KeyObject>>();

  constructor(private readonly o: PayPalWebhookVerifierOptions) {}

  async verify(rawBody: string, headers: Readonly<Record<string, string | string[] | undefined>>): Promise<void> {
    const header = (name: string) => {
      const v = headers[name];
      return typeof v === 'string' && v.length > 0 ? v : undefined;
    };
    const id = header(PAYPAL_HEADERS.id);
    const time = header(PAYPAL_HEADERS.time);
    const signature = header(PAYPAL_HEADERS.signature);
    const certUrl = header(PAYPAL_HEADERS.certUrl);
    const authAlgo = header(PAYPAL_HEADERS.authAlgo);
    if (!id || !time || !signature || !certUrl || !authAlgo) {
      throw new InvalidWebhookSignatureError('missing PayPal transmission headers');
    }
    if (authAlgo !== PAYPAL_AUTH_ALGO) throw new InvalidWebhookSignatureError(`unsupported auth algo ${authAlgo}`);
    const sentAt = Date.parse(time);
    const now = this.o.now?.() ?? Date.now();
    if (!Number.isFinite(sentAt) || Math.abs(now - sentAt) > PAYPAL_TOLERANCE_MS) {
      throw new InvalidWebhookSignatureError('transmission time outside the tolerance of five minutes');
    }
    const key = await this.#publicKey(certUrl);
    const message = paypalSignedMessage(id, time, this.o.webhookId, rawBody);
    if (!verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64'))) {
      throw new InvalidWebhookSignatureError('transmission signature does not match');
    }
  }

  #publicKey(certUrl: string): Promise<KeyObject> {
    const sandbox = this.o.sandbox;
    if (sandbox) {
      if (certUrl !== sandbox.certUrl) throw new InvalidWebhookSignatureError('certificate not trusted');
      return sandbox.publicKey();
    }
    let url: URL;
    try {
      url = new URL(certUrl);
    } catch {
      throw new InvalidWebhookSignatureError('certificate URL is not a URL');
    }
    if (url.protocol !== 'https:' || !PAYPAL_CERT_HOSTS.has(url.hostname) || url.port !== '') {
      throw new InvalidWebhookSignatureError('certificate not served by PayPal');
    }
    let key = this.#certificates.get(url.href);
    if (!key) {
      key = this.#load(url.href);
      key.catch(() => this.#certificates.delete(url.href));
      this.#certificates.set(url.href, key);
    }
    return key;
  }

  async #load(url: string): Promise<KeyObject> {
    const pem = await (this.o.fetchCertificate ?? fetchCertificate)(url);
    const cert = new X509Certificate(pem);
    const now = this.o.now?.() ?? Date.now();
    if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
      throw new InvalidWebhookSignatureError('certificate expired or not yet valid');
    }
    return cert.publicKey;
  }
}

async function fetchCertificate(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new InvalidWebhookSignatureError(`certificate fetch answered ${res.status}`);
  return res.text();
}

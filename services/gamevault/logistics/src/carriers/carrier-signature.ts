import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a carrier signs its webhooks in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const CARRIER_SIGNATURE_HEADER = 'x-carrier-signature';

/** How old a signed webhook may be (seconds): an older one is a replay. */
export const CARRIER_SIGNATURE_TOLERANCE_S = 300;

export function carrierSignature(rawBody: string, secret: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${hmac(`${at}.${rawBody}`, secret)}`;
}

/** Why a signature is refused, or undefined when it is good and fresh (compared in constant time). */
export function carrierSignatureProblem(
  rawBody: string,
  header: string | undefined,
  secret: string,
  now = Math.floor(Date.now() / 1000),
): string | undefined {
  if (!header) return `missing ${CARRIER_SIGNATURE_HEADER} header`;
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1) return `${CARRIER_SIGNATURE_HEADER} must be t=<unix seconds>,v1=<hex>`;
  if (Math.abs(now - t) > CARRIER_SIGNATURE_TOLERANCE_S) return 'signature timestamp outside the tolerance (replay?)';
  const expected = Buffer.from(hmac(`${t}.${rawBody}`, secret), 'utf8');
  const given = Buffer.from(v1, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature does not match the body';
  return undefined;
}

function hmac(text: string, secret: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

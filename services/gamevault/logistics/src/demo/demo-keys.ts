import { createHash } from 'node:crypto';
import { demoProducts } from '@coordina/gamevault-catalog/demo';

/** How many keys the demo seeds in the pool of each digital demo product. */
export const DEMO_KEYS_PER_PRODUCT = 50;

/** The demo catalog's digital products (the ones with a key pool). */
export const demoDigitalProductIds: readonly string[] = demoProducts
  .filter((p) => p.product.format === 'digital')
  .map((p) => p.id);

/**
 * The demo keys of a product: `GV-XXXXX-XXXXX-XXXXX`, fixed (derived from the product id and the
 * key's number), so the seed is idempotent. Demo data only: real keys are uploaded by sellers.
 */
export function demoKeyCodes(productId: string, count = DEMO_KEYS_PER_PRODUCT): string[] {
  return Array.from({ length: count }, (_, n) => {
    const h = createHash('sha256').update(`gamevault-demo-key:${productId}:${n}`).digest('hex').toUpperCase();
    return `GV-${h.slice(0, 5)}-${h.slice(5, 10)}-${h.slice(10, 15)}`;
  });
}

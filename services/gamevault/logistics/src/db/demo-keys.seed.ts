import type { ServiceContext } from '@coordina/platform';
import { demoDigitalProductIds, demoKeyCodes } from '../demo/demo-keys';
import { keyCipherOf } from '../domain/logistics-secrets';
import type { LogisticsSettings } from '../logistics.settings';
import { KeysRepository } from './keys.repository';

/**
 * Fills the key pool of each digital demo product (sealed like any upload); idempotent: a key
 * already in its pool is skipped by its fingerprint.
 */
export async function seedDemoKeys(ctx: ServiceContext): Promise<void> {
  const settings = ctx.settings as LogisticsSettings;
  const cipher = keyCipherOf(settings.keysSecret, ctx.config.jwtSecret);
  const keys = new KeysRepository();
  const all = demoDigitalProductIds.flatMap((productId) =>
    demoKeyCodes(productId).map((code) => ({
      productId,
      sealed: cipher.seal(code, productId),
      fingerprint: cipher.fingerprint(code, productId),
    })),
  );
  await ctx.db.transaction((tx) => keys.add(tx, all, null));
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { defineRoles } from '../src/auth/roles';
import { defineRoutes } from '../src/contracts/route-contract';
import { checkManifests } from '../src/runtime/manifest.check';
import type { ServiceManifest } from '../src/runtime/service-manifest';
import {
  envFlag,
  envInt,
  envNumber,
  loadServiceSettings,
  Settings,
  SettingsError,
} from '../src/runtime/service-settings';

class ShopSettings extends Settings(
  z
    .object({
      SHOP_MAX_ITEMS: envInt({ min: 1, default: 6 }),
      SHOP_DISCOUNT: envNumber({ min: 0, default: 0.5 }),
      SHOP_FAULTS: envFlag(),
    })
    .transform((e) => ({ maxItems: e.SHOP_MAX_ITEMS, discount: e.SHOP_DISCOUNT, faults: e.SHOP_FAULTS })),
) {}

class StoreSettings extends Settings(
  z.object({ STORE_HOLD_MS: envInt({ min: 100, default: 1000 }) }).transform((e) => ({ holdMs: e.STORE_HOLD_MS })),
) {}

const services = [
  { name: 'shop', settings: ShopSettings },
  { name: 'store', settings: StoreSettings },
  { name: 'plain' },
];

describe("services' settings", () => {
  it('reads each service its typed settings from the environment, with defaults for unset and blank variables', () => {
    const all = loadServiceSettings(services, { SHOP_MAX_ITEMS: '9', SHOP_DISCOUNT: ' ', SHOP_FAULTS: '1' });
    assert.deepEqual(all.get('shop'), { maxItems: 9, discount: 0.5, faults: true });
    assert.deepEqual(all.get('store'), { holdMs: 1000 });
    assert.deepEqual(all.get('plain'), {});
    assert.deepEqual(ShopSettings.parse({}), { maxItems: 6, discount: 0.5, faults: false });
  });

  it('refuses the start naming every bad variable of every service at once, without their values', () => {
    const env = { SHOP_MAX_ITEMS: '0', SHOP_DISCOUNT: 'lots', SHOP_FAULTS: 'yes', STORE_HOLD_MS: 'secret-ish' };
    let error: unknown;
    try {
      loadServiceSettings(services, env);
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof SettingsError, String(error));
    assert.deepEqual(
      error.problems.map((p) => p.split(':')[0]),
      ['SHOP_MAX_ITEMS (shop)', 'SHOP_DISCOUNT (shop)', 'SHOP_FAULTS (shop)', 'STORE_HOLD_MS (store)'],
    );
    assert.match(error.message, /^invalid settings \(4\):\n {2}SHOP_MAX_ITEMS \(shop\): Too small/);
    assert.doesNotMatch(error.message, /secret-ish|lots/);
  });
});

describe('roles of the manifests', () => {
  const manifest = (roles: readonly string[] | undefined, auth: readonly string[]): ServiceManifest => ({
    name: 'shop',
    routes: defineRoutes('shop', [{ method: 'GET', path: '/api/shop/orders', auth, summary: 'orders' }]),
    events: [],
    migrations: [],
    module: () => ({ module: class {} }),
    ...(roles ? { roles } : {}),
  });

  it("accepts routes naming the platform's roles and the roles their manifest registers", () => {
    checkManifests([
      manifest(undefined, ['client', 'platform_admin']),
      manifest(defineRoles('shopkeeper'), ['shopkeeper']),
    ]);
  });

  it('refuses to boot a route naming an access policy its manifest does not register, or two manifests disagreeing on one', () => {
    const strict = { emailVerified: true, secondFactor: true };
    const routes = defineRoutes('shop', [
      { method: 'GET', path: '/api/shop/vip', auth: 'authenticated', policy: 'strict', summary: 'vip' },
    ]);
    const shop = { ...manifest(undefined, ['client']), routes };
    checkManifests([{ ...shop, accessPolicies: { strict } }]);
    assert.throws(
      () => checkManifests([shop]),
      /GET \/api\/shop\/vip names access policy strict, which its manifest does not register/,
    );
    assert.throws(
      () =>
        checkManifests([
          { ...shop, accessPolicies: { strict } },
          { ...shop, name: 'store', accessPolicies: { strict: { ...strict, secondFactor: false } } },
        ]),
      /store: access policy strict differs/,
    );
  });

  it('refuses to boot a route naming a role no manifest registers', () => {
    assert.throws(
      () => checkManifests([manifest(defineRoles('shopkeeper'), ['shop_keeper', 'platform_admin'])]),
      /shop: GET \/api\/shop\/orders names roles no manifest registers: shop_keeper/,
    );
    assert.throws(() => defineRoles('Shop Keeper'), /lower_snake_case/);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { SettingsError } from '@coordina/platform';
import { checkManifests, errorCatalog, loadServiceSettings } from '@coordina/platform/runtime';
import { allServices } from '../src/services.registry';

const ROOT = resolve(__dirname, '../../../..');

describe("the product's manifests", () => {
  it('document every error code of the platform and the services, with its status and owner, and nothing else', () => {
    const doc = readFileSync(resolve(ROOT, 'docs/reference/errors.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| ([a-z, -]+) \| (.+) \|$/gm)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`,
    );
    const actual = [...errorCatalog(allServices).values()].map(
      (e) => `${e.code} ${e.status} ${e.owners.join(', ')} ${e.title}`,
    );
    assert.deepEqual(documented.sort(), actual.sort());
  });

  it('register every role their routes name, and agree on their error codes', () => {
    checkManifests(allServices);
  });

  it("refuse the start with every bad setting of every service listed at once (booking's, ticketing's, events')", () => {
    const env = {
      BOOKING_LEAD_TIME_MINUTES: 'soon',
      BOOKING_HOLD_TIMEOUT_MS: '-5',
      MUSICFEST_MAX_PER_TYPE: '0',
      MUSICFEST_FEE_TIMEOUT_MS: '1.5',
    };
    assert.throws(
      () => loadServiceSettings(allServices, env),
      (err) => {
        assert.ok(err instanceof SettingsError);
        assert.deepEqual(err.problems.map((p) => p.split(':')[0]).sort(), [
          'BOOKING_HOLD_TIMEOUT_MS (instudio-booking)',
          'BOOKING_LEAD_TIME_MINUTES (instudio-booking)',
          'MUSICFEST_FEE_TIMEOUT_MS (musicfest-festivals)',
          'MUSICFEST_MAX_PER_TYPE (musicfest-ticketing)',
        ]);
        return true;
      },
    );
    // The defaults alone are valid settings.
    assert.equal(loadServiceSettings(allServices, {}).size, allServices.length);
  });
});

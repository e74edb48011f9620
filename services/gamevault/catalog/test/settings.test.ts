import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestApp } from '@coordina/platform/testing';
import { catalogService } from '../src';
import { CatalogSettings } from '../src/catalog.settings';

describe('GameVault catalog: settings', () => {
  it('refuses to start with a bad GAMEVAULT_CATALOG_LIST_TTL_MS, naming it', async () => {
    await assert.rejects(
      startTestApp({ services: [catalogService], env: { GAMEVAULT_CATALOG_LIST_TTL_MS: 'soon' } }),
      /GAMEVAULT_CATALOG_LIST_TTL_MS/,
    );
  });

  it('takes pictures up to the platform upload limit only, and a directory for them', () => {
    assert.throws(() => CatalogSettings.parse({ GAMEVAULT_CATALOG_IMAGE_MAX_BYTES: String(11 * 1024 * 1024) }));
    const s = CatalogSettings.parse({
      GAMEVAULT_CATALOG_IMAGE_DIR: '/srv/imagenes',
      GAMEVAULT_CATALOG_IMAGE_MAX_BYTES: '1000',
    });
    assert.deepEqual([s.imageDir, s.imageMaxBytes], ['/srv/imagenes', 1000]);
    assert.equal(CatalogSettings.parse({ GAMEVAULT_CATALOG_IMAGE_DIR: ' ' }).imageDir, '.coordina/gamevault-images');
  });
});

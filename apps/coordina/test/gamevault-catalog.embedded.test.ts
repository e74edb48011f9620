import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gamevaultCatalogScenarios } from './gamevault-catalog.scenarios';
import { embedded } from './harness';

gamevaultCatalogScenarios('embedded: one process, PostgreSQL log', async () => {
  // The pictures go to a directory of this test's, removed with the product.
  const dir = mkdtempSync(join(tmpdir(), 'gv-images-'));
  const product = await embedded({ env: { GAMEVAULT_CATALOG_IMAGE_DIR: dir } });
  return {
    ...product,
    close: async () => {
      await product.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

import { join } from 'node:path';
import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

/**
 * gamevault-catalog's settings, from the environment (checked at start with every other
 * service's; decision 0035). `GAMEVAULT_CATALOG_LIST_TTL_MS`: how long a page of the public
 * product list stays cached when no product changes (default 30000; a change drops it at once).
 * `GAMEVAULT_CATALOG_IMAGE_DIR`: where product pictures are stored (default
 * `.coordina/gamevault-images`; every instance must see the same directory).
 * `GAMEVAULT_CATALOG_IMAGE_MAX_BYTES`: the largest picture accepted (default 5 MiB, at most the
 * platform's 10 MiB upload body). `GAMEVAULT_CATALOG_SEARCH_TRENDS_MS`: how often the counted
 * searches are published as `busquedas.registradas` (default 10000).
 */
export class CatalogSettings extends Settings(
  z
    .object({
      GAMEVAULT_CATALOG_LIST_TTL_MS: envInt({ min: 1, default: 30_000 }),
      GAMEVAULT_CATALOG_IMAGE_DIR: z.preprocess(
        (v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined),
        z.string().default(join('.coordina', 'gamevault-images')),
      ),
      GAMEVAULT_CATALOG_IMAGE_MAX_BYTES: envInt({ min: 1, default: 5 * 1024 * 1024 }).pipe(
        z.number().max(10 * 1024 * 1024),
      ),
      GAMEVAULT_CATALOG_SEARCH_TRENDS_MS: envInt({ min: 50, default: 10_000 }),
    })
    .transform((env) => ({
      listTtlMs: env.GAMEVAULT_CATALOG_LIST_TTL_MS,
      imageDir: env.GAMEVAULT_CATALOG_IMAGE_DIR,
      imageMaxBytes: env.GAMEVAULT_CATALOG_IMAGE_MAX_BYTES,
      searchTrendsMs: env.GAMEVAULT_CATALOG_SEARCH_TRENDS_MS,
    })),
) {}

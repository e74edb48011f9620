import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

/**
 * gamevault-catalog's settings, from the environment (checked at start with every other
 * service's; decision 0035). `GAMEVAULT_CATALOG_LIST_TTL_MS`: how long a page of the public
 * product list stays cached when no product changes (default 30000; a change drops it at once).
 */
export class CatalogSettings extends Settings(
  z
    .object({ GAMEVAULT_CATALOG_LIST_TTL_MS: envInt({ min: 1, default: 30_000 }) })
    .transform((env) => ({ listTtlMs: env.GAMEVAULT_CATALOG_LIST_TTL_MS })),
) {}

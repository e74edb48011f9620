import { catalogService, seedBulkProducts } from '@coordina/gamevault-catalog';
import { withDatabase } from '@coordina/platform';
import { databaseName } from '@coordina/platform/runtime';
import { bootBenchServices } from './service-app';
import { percentile } from './stats';

export interface GamevaultSearchResult {
  products: number;
  seedSeconds: number;
  requests: number;
  /** Three filters (console, genre, condition), a sort and a page: p50 and p95 of the answer, ms. */
  filtersP50: number;
  filtersP95: number;
  /** A text with a typo and two filters: p50 and p95, ms. */
  textP50: number;
  textP95: number;
}

const CONSOLES = ['ps5', 'ps4', 'xbox-series', 'xbox-one', 'switch', 'pc', 'retro'];
const GENRES = ['action', 'adventure', 'rpg', 'sports', 'racing', 'shooter', 'strategy', 'puzzle', 'fighting'];
const SORTS = ['newest', 'price-asc', 'price-desc', 'rating'];
const TYPOS = ['zelad', 'mrio', 'finl fantasy', 'pokemn', 'halo infinte', 'tekenn', 'street figther', 'doom', 'sonik'];

/**
 * GameVault's search at `products` products (`coordina seed gamevault`'s catalog, written with
 * COPY): the catalog alone in this process on the bench's PostgreSQL, its list cache off (a
 * 1 ms TTL), so every request reads the database. `requests` searches with three filters
 * (console, genre, condition; a random sort and page 1-3), then as many text searches with a
 * typo and two filters, 4 clients at a time, each answer timed from send to its last byte.
 */
export async function gamevaultSearchBench(
  pgUrl: string,
  products: number,
  requests: number,
): Promise<GamevaultSearchResult> {
  const { app, base, dbPrefix } = await bootBenchServices(pgUrl, [catalogService], {
    ...process.env,
    GAMEVAULT_CATALOG_LIST_TTL_MS: '1',
  });
  try {
    const started = performance.now();
    await seedBulkProducts(withDatabase(pgUrl, databaseName(dbPrefix, catalogService.name)), products);
    const seedSeconds = (performance.now() - started) / 1000;
    let seq = 0;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
    const filters = () =>
      `console=${pick(CONSOLES)}&genre=${pick(GENRES)}&condition=${pick(['new', 'used'])}&sort=${pick(SORTS)}&page=${1 + (seq++ % 3)}`;
    const text = () =>
      `q=${encodeURIComponent(pick(TYPOS))}&console=${pick(CONSOLES)}&available=true&page=${1 + (seq++ % 3)}`;
    // Warm-up: the first requests open connections and read the indexes into memory.
    await load(base, 40, filters);
    const f = await load(base, requests, filters);
    await load(base, 20, text);
    const t = await load(base, requests, text);
    return {
      products,
      seedSeconds,
      requests,
      filtersP50: percentile(f, 50),
      filtersP95: percentile(f, 95),
      textP50: percentile(t, 50),
      textP95: percentile(t, 95),
    };
  } finally {
    await app.close();
  }
}

/** `n` searches, 4 at a time; their latencies in ms, sorted. Any answer but 200 fails the row. */
async function load(base: string, n: number, query: () => string): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < n) {
      next++;
      const q = query();
      const t0 = performance.now();
      const res = await fetch(`${base}/api/gamevault/products?${q}`);
      const body = await res.text();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`GET /api/gamevault/products?${q}: ${res.status} ${body.slice(0, 200)}`);
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  return latencies.sort((a, b) => a - b);
}

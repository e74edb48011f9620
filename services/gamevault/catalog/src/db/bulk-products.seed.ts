import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Consoles, Genres } from '../contracts/products.dto';

/**
 * The generated catalog of `coordina seed gamevault --products N` (decision 0071): realistic
 * titles (franchise, sequel, edition), consoles, genres, conditions, rarities, prices, stock,
 * ratings and dates over two years, sold by 500 sellers. Product n has a fixed id and fixed
 * fields (a PRNG seeded by n), so the seed is idempotent: a run adds the products up to N that
 * are not there yet, and a rerun with the same N adds none. Rows go in with one COPY, not one
 * INSERT each. Seeded products are not announced by events (a bulk load, not sales activity):
 * cached search pages expire after GAMEVAULT_CATALOG_LIST_TTL_MS.
 */

/** Seeded product n's id: 5eed0000-0000-4000-8000-<n, 12 digits>. */
export const seededProductId = (n: number): string => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sellerId = (n: number): string => `5eed5e11-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SELLERS = 500;

const FRANCHISES: [string, string, (typeof Genres)[number]][] = [
  ['The Legend of Zelda', 'nintendo aventura', 'adventure'],
  ['Super Mario', 'nintendo plataformas', 'adventure'],
  ['Mario Kart', 'nintendo carreras', 'racing'],
  ['Metroid', 'nintendo', 'action'],
  ['Pokémon', 'nintendo rpg', 'rpg'],
  ['Fire Emblem', 'nintendo tactico', 'strategy'],
  ['Kirby', 'nintendo', 'adventure'],
  ['Donkey Kong', 'nintendo', 'adventure'],
  ['Final Fantasy', 'square enix', 'rpg'],
  ['Dragon Quest', 'square enix', 'rpg'],
  ['Kingdom Hearts', 'square enix disney', 'rpg'],
  ['Persona', 'atlus', 'rpg'],
  ['Elden Ring', 'fromsoftware souls', 'rpg'],
  ['Dark Souls', 'fromsoftware souls', 'rpg'],
  ['God of War', 'santa monica', 'action'],
  ['Uncharted', 'naughty dog', 'adventure'],
  ['The Last of Us', 'naughty dog', 'action'],
  ['Horizon', 'guerrilla', 'action'],
  ['Gran Turismo', 'polyphony', 'racing'],
  ['Forza Horizon', 'playground', 'racing'],
  ['Need for Speed', 'ea carreras', 'racing'],
  ['Halo', 'bungie 343', 'shooter'],
  ['Gears of War', 'the coalition', 'shooter'],
  ['Call of Duty', 'activision', 'shooter'],
  ['Battlefield', 'dice ea', 'shooter'],
  ['DOOM', 'id software', 'shooter'],
  ['Resident Evil', 'capcom terror', 'action'],
  ['Street Fighter', 'capcom lucha', 'fighting'],
  ['Tekken', 'bandai namco lucha', 'fighting'],
  ['Mortal Kombat', 'netherrealm lucha', 'fighting'],
  ['Super Smash Bros.', 'nintendo lucha', 'fighting'],
  ['FIFA', 'ea futbol', 'sports'],
  ['EA Sports FC', 'ea futbol', 'sports'],
  ['NBA 2K', '2k basket', 'sports'],
  ['Tony Hawk', 'skate', 'sports'],
  ['Civilization', 'firaxis', 'strategy'],
  ['Age of Empires', 'microsoft', 'strategy'],
  ['StarCraft', 'blizzard', 'strategy'],
  ['Tetris', 'puzzle clasico', 'puzzle'],
  ['Portal', 'valve', 'puzzle'],
  ['Sonic the Hedgehog', 'sega', 'action'],
  ['Crash Bandicoot', 'activision', 'adventure'],
  ['Spyro', 'activision', 'adventure'],
  ['Assassin’s Creed', 'ubisoft', 'action'],
  ['Far Cry', 'ubisoft', 'shooter'],
  ['Grand Theft Auto', 'rockstar', 'action'],
  ['Red Dead Redemption', 'rockstar western', 'action'],
  ['Monster Hunter', 'capcom', 'rpg'],
  ['Mega Man', 'capcom', 'action'],
  ['Castlevania', 'konami', 'action'],
  ['Metal Gear Solid', 'konami kojima', 'action'],
  ['Silent Hill', 'konami terror', 'adventure'],
  ['Chrono Trigger', 'square', 'rpg'],
  ['Diablo', 'blizzard', 'rpg'],
  ['The Witcher', 'cd projekt', 'rpg'],
  ['Mass Effect', 'bioware', 'rpg'],
  ['Hollow Knight', 'team cherry', 'action'],
  ['Minecraft', 'mojang', 'adventure'],
  ['Animal Crossing', 'nintendo', 'adventure'],
  ['Splatoon', 'nintendo', 'shooter'],
];
const SEQUELS = ['', '', '', ' II', ' III', ' IV', ' 2', ' 3', ' 4', ' 5', ' Origins', ' Zero', ' Legends', ' Reborn'];
const EDITIONS = ['', '', '', '', ': Deluxe Edition', ': GOTY', ' Remastered', ': Edición Coleccionista', ' HD'];
const MAKERS: Record<(typeof Consoles)[number], string> = {
  ps5: 'playstation sony',
  ps4: 'playstation sony',
  'xbox-series': 'xbox microsoft',
  'xbox-one': 'xbox microsoft',
  switch: 'nintendo switch',
  pc: 'steam windows',
  retro: 'retro clasico cartucho',
};
const DAY_MS = 86_400_000;

/** A small fast PRNG (mulberry32): the same n always gives the same product. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Product n as a line of COPY's text format (tab separated; no field holds a tab, newline or backslash). */
export function seededProductLine(n: number, now: number): string {
  const r = random(Math.imul(n + 1, 2_654_435_761));
  const [franchise, words, genre] = pick(r, FRANCHISES);
  const console = pick(r, Consoles);
  const title = `${franchise}${pick(r, SEQUELS)}${pick(r, EDITIONS)}`;
  const digital = console !== 'retro' && r() < 0.3;
  const condition = digital || r() < 0.55 ? 'new' : 'used';
  const x = r();
  const rarity = console === 'retro' && x < 0.3 ? 'collector' : x < 0.8 ? 'common' : x < 0.95 ? 'uncommon' : 'rare';
  const price = Math.round((1_900 + r() * (rarity === 'collector' ? 90_000 : 30_000)) / 100) * 100;
  const stock = digital ? 999 : r() < 0.12 ? 0 : 1 + Math.floor(r() * 30);
  const rated = r() < 0.6;
  const ratingCount = rated ? 1 + Math.floor(r() * 200) : 0;
  const ratingAvg = rated ? (1 + r() * 4).toFixed(2) : '0';
  const created = new Date(now - Math.floor(r() * 730 * DAY_MS)).toISOString();
  const description = `${title} para ${console}, ${digital ? 'clave digital' : condition === 'new' ? 'sellado' : 'usado, probado'}.`;
  return [
    seededProductId(n),
    title,
    description,
    `${words} ${MAKERS[console]}`,
    console,
    genre,
    condition,
    rarity,
    digital ? 'digital' : 'physical',
    price,
    stock,
    sellerId(n % SELLERS),
    ratingAvg,
    ratingCount,
    created,
    created,
  ].join('\t');
}

/** Lines for products `from` up to `to` (excluded), in chunks of 1,000 lines. */
function* lines(from: number, to: number, now: number): Generator<string> {
  for (let start = from; start < to; start += 1_000) {
    const chunk: string[] = [];
    for (let n = start; n < Math.min(start + 1_000, to); n++) chunk.push(seededProductLine(n, now));
    yield `${chunk.join('\n')}\n`;
  }
}

export interface BulkSeedResult {
  /** Products added by this run. */
  added: number;
  /** Seeded products there now (products of sellers and the demo are not counted). */
  seeded: number;
}

/**
 * Makes products 0..n-1 exist in the catalog database at `databaseUrl` (migrated): COPYs the
 * missing ones in one statement (all or none), then VACUUM ANALYZE so the planner knows the new
 * sizes and index-only scans can skip the table.
 */
export async function seedBulkProducts(databaseUrl: string, n: number): Promise<BulkSeedResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Every earlier run added a whole prefix 0..k-1 (one COPY is all or nothing).
    const have = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM products WHERE id BETWEEN $1 AND $2',
      [seededProductId(0), seededProductId(999_999_999_999)],
    );
    const from = have.rows[0]?.n ?? 0;
    if (from >= n) return { added: 0, seeded: from };
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query('BEGIN');
    try {
      // Adding more rows than there are: building the secondary indexes once at the end is
      // several times faster than updating them row by row (the trigram index above all). In
      // one transaction: readers wait for the load and never see the table without them.
      const rebuild = n - from > from ? await dropSecondaryIndexes(client) : [];
      const copy = client.query(
        copyFrom(`COPY products (id, title, description, keywords, console, genre, condition, rarity, format,
          price_cents, stock, seller_id, rating_avg, rating_count, created_at, updated_at) FROM STDIN`),
      );
      await pipeline(Readable.from(lines(from, n, Date.now())), copy);
      for (const definition of rebuild) await client.query(definition);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    await client.query('VACUUM (ANALYZE) products');
    return { added: n - from, seeded: n };
  } finally {
    await client.end();
  }
}

/** Drops the products table's indexes but its primary key; their definitions, to create them again. */
async function dropSecondaryIndexes(client: pg.Client): Promise<string[]> {
  const found = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = 'products' AND i.indexname <> 'products_pkey'`,
  );
  for (const i of found.rows) await client.query(`DROP INDEX ${client.escapeIdentifier(i.name)}`);
  return found.rows.map((i) => i.definition);
}

import { fork } from 'node:child_process';
import { join } from 'node:path';
import { communityService } from '@coordina/gamevault-community';
import { AccessTokens, Database, MINTED_SIGN_IN, sql, withDatabase } from '@coordina/platform';
import { databaseName } from '@coordina/platform/runtime';
import type { ReadCommand, ReadReport } from './gamevault-readers.clients';
import { bootBenchServices } from './service-app';
import { percentile } from './stats';

export interface GamevaultReviewsResult {
  /** Reviews written at `perMinute` for `seconds`, each timed from its due time until a reader saw it. */
  reviews: number;
  perMinute: number;
  visibleP50: number;
  visibleP99: number;
  /** Distinct signed-in readers, one page read each, and its answer: p50 and p95, ms. */
  readers: number;
  readP50: number;
  readP95: number;
  /** hit ÷ (hit + miss) of the community's cache during the reads (coordina_cache_requests_total). */
  hitRate: number;
}

const PRODUCTS = 20;
const SORTS = ['newest', 'helpful', 'rating'];
const POLL_MS = 50;

/**
 * GameVault's reviews (issue 16): gamevault-community alone in this process (embedded: the
 * PostgreSQL log, pg-boss; the cache of its config). Each review's buyer holds a purchase
 * (written into its table as `pedido.pagado` would). First `perMinute` reviews a minute for
 * `seconds`, open loop, over 20 products: each is sent when due (POST, pending), the moderation
 * worker approves it and drops the product's cached pages, and its time-to-visible runs from its
 * due time until its writer, polling page 1 (newest) every 50 ms, finds it. Then `readers`
 * distinct signed-in readers read one page each (a random product and sort), 16 at a time,
 * from a process of their own (gamevault-readers.clients.ts: until decision 0121 they shared
 * this thread with the service, whose reads then waited behind them too); the hit rate is the
 * delta of the cache's hit and miss counters over those reads.
 */
export async function gamevaultReviewsBench(
  pgUrl: string,
  perMinute: number,
  seconds: number,
  readers: number,
): Promise<GamevaultReviewsResult> {
  const { app, base, config, dbPrefix } = await bootBenchServices(pgUrl, [communityService]);
  const db = new Database(withDatabase(pgUrl, databaseName(dbPrefix, communityService.name)), { max: 2 });
  try {
    const signer = new AccessTokens(config.jwtSecret, 3600);
    const token = (id: string) => signer.sign({ id, email: `${id}@bench.test`, roles: ['client'], ...MINTED_SIGN_IN });
    const products = Array.from({ length: PRODUCTS }, () => crypto.randomUUID());
    const count = Math.max(1, Math.round((perMinute * seconds) / 60));
    const writers = Array.from({ length: count }, (_, i) => ({
      user: crypto.randomUUID(),
      product: products[i % PRODUCTS] as string,
    }));
    await sql`INSERT INTO purchases (user_id, product_id, order_id, payment_id, bought_at)
      SELECT u, p, gen_random_uuid(), gen_random_uuid(), now()
      FROM unnest(${writers.map((w) => w.user)}::uuid[], ${writers.map((w) => w.product)}::uuid[]) AS t(u, p)`.execute(
      db.db,
    );
    const tokens = await Promise.all(writers.map((w) => token(w.user)));

    const visible: number[] = [];
    const started = performance.now();
    const intervalMs = 60_000 / perMinute;
    await Promise.all(
      writers.map(async (w, i) => {
        const due = started + i * intervalMs;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
        const auth = { authorization: `Bearer ${tokens[i]}` };
        const res = await fetch(`${base}/api/gamevault/products/${w.product}/reviews`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ rating: 1 + (i % 5), text: `Bench review ${i}: plays well, arrived on time.` }),
        });
        const body = (await res.json()) as { id: string };
        if (res.status !== 201) throw new Error(`POST review: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        for (;;) {
          const page = await getJson<{ items: { id: string }[] }>(
            `${base}/api/gamevault/products/${w.product}/reviews?sort=newest&pageSize=50`,
          );
          if (page.items.some((r) => r.id === body.id)) break;
          if (performance.now() - due > 60_000) throw new Error(`review ${body.id} not visible after 60 s`);
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
        visible.push(performance.now() - due);
      }),
    );
    visible.sort((a, b) => a - b);

    const before = await cacheCounters(base);
    const { times: reads, failed } = await readInChild({
      kind: 'read',
      base,
      products,
      sorts: SORTS,
      jwtSecret: config.jwtSecret,
      readers,
      concurrency: 16,
    });
    if (failed.length > 0) throw new Error(`${failed.length} reads failed: ${failed[0]}`);
    const after = await cacheCounters(base);
    const hits = after.hit - before.hit;
    const misses = after.miss - before.miss;
    return {
      reviews: count,
      perMinute,
      visibleP50: percentile(visible, 50),
      visibleP99: percentile(visible, 99),
      readers,
      readP50: percentile(reads, 50),
      readP95: percentile(reads, 95),
      hitRate: hits / (hits + misses),
    };
  } finally {
    await db.close();
    await app.close();
  }
}

/** Runs the readers in a child process and waits for its report (the child exits after it). */
function readInChild(command: ReadCommand): Promise<ReadReport> {
  const child = fork(join(__dirname, 'gamevault-readers.clients.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<ReadReport>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the review readers exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (report: ReadReport) => {
      child.off('exit', onExit);
      child.kill();
      resolve(report);
    });
    child.send(command);
  });
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** The community's cache reads so far, from the process's /metrics (coordina_cache_requests_total). */
async function cacheCounters(base: string): Promise<{ hit: number; miss: number }> {
  const res = await fetch(`${base}/metrics`);
  const text = await res.text();
  const read = (result: string) => {
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('coordina_cache_requests_total{') &&
          l.includes(`service="${communityService.name}"`) &&
          l.includes(`result="${result}"`),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  return { hit: read('hit'), miss: read('miss') };
}

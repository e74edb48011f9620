import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AccessTokens, MINTED_SIGN_IN, type Role } from '@coordina/platform';
import { EmbeddedPostgresServer, startTracing } from '@coordina/platform/runtime';
import { startTestApp, type TestFetchInit, testFetch } from '@coordina/platform/testing';
import { allServices } from '../services.registry';
import { benchEnv } from './topology.bench';
import { breakdown, breakdownTable, hopOf } from './trace.analysis';
import { bookableSlots, eventOnSale, type TracedCommand, tracedBooking, tracedPurchase } from './trace.flows';

/**
 * `coordina bench trace [--n N]`: N bookings and N purchases, one at a time, each traced with
 * the in-memory exporter in an embedded product (this process); prints where the time goes,
 * per span and per wait between hops (the "Where the time goes" section of bench/RESULTS.md).
 */
export async function traceCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { n: { type: 'string' } } });
  const n = Number.parseInt(values.n ?? '30', 10);
  const dir = mkdtempSync(join(tmpdir(), 'coordina-trace-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { durable: false, persistent: false });
  process.env.COORDINA_TEST_PG_URL = await pg.start();
  const tracing = startTracing('memory', 'coordina');
  const app = await startTestApp({ services: allServices, config: { seedDemo: true }, env: benchEnv });
  try {
    const tokens = new AccessTokens(app.config.jwtSecret, 3600);
    const mint = (id: string, roles: Role[] = ['client']) =>
      tokens.sign({ id, email: `${id}@trace.test`, roles, ...MINTED_SIGN_IN });
    const fetch = (path: string, init?: TestFetchInit) => testFetch(app.url, path, init);
    const token = await mint(randomUUID());
    const { serviceId, slots } = await bookableSlots(fetch, n);
    const manager = await mint(randomUUID(), ['manager']);
    const sale = await eventOnSale(fetch, manager, n + 1);
    const bookings: TracedCommand[] = [];
    for (const slot of slots) bookings.push(await tracedBooking(fetch, token, serviceId, slot));
    const purchases: TracedCommand[] = [];
    for (let i = 0; i < n; i++) purchases.push(await tracedPurchase(fetch, await mint(randomUUID()), sale));
    await new Promise((r) => setTimeout(r, 1000));
    const spans = tracing.spans();
    const traces = (cs: TracedCommand[]) =>
      cs.map((c) => spans.filter((s) => s.traceId === c.traceId)).filter((t) => t.some((s) => hopOf(s) === 'saga.end'));
    const b = traces(bookings);
    const p = traces(purchases);
    let commit = '';
    try {
      commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    } catch {
      // not a git checkout
    }
    const head = `Command: \`node apps/coordina/dist/src/main.js bench trace --n ${n}\`, ${new Date().toISOString()}, commit ${commit}, loadavg ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; embedded topology (PostgreSQL log), one command at a time.\n`;
    process.stdout.write(`${head}\n`);
    process.stdout.write(`${breakdownTable(`Booking (POST → saga COMPLETED), ${b.length} traces`, breakdown(b))}\n`);
    process.stdout.write(`${breakdownTable(`Purchase (POST → saga COMPLETED), ${p.length} traces`, breakdown(p))}\n`);
    return 0;
  } finally {
    await app.close();
    await tracing.shutdown();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

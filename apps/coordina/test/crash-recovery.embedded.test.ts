import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { databaseName, withDatabase } from '@coordina/platform';
import { testFetch, testPostgresUrl, uniquePrefix } from '@coordina/platform/testing';
import { type ManagedProcess, startCoordina, waitForHealth } from '../src/child.process';
import { SALON, Shopper } from './booking.scenarios';
import type { Product } from './harness';
import { History } from './history';

describe('crash recovery of the embedded default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-crash-'));
  let proc: ManagedProcess | undefined;
  after(() => proc?.stop('SIGKILL'));

  it('finishes every saga CONFIRMED or CANCELLED after a SIGKILL in the middle, leaking no slot', async () => {
    const prefix = uniquePrefix();
    const started = await startCoordina({
      name: 'coordina',
      dataDir: dir,
      databaseUrl: testPostgresUrl(),
      env: {
        ...process.env,
        COORDINA_DB_PREFIX: prefix,
        SANDBOX_WEBHOOK_DELAY_MS: '400',
        BOOKING_HOLD_TIMEOUT_MS: '180000',
        LOG_LEVEL: 'warn',
      },
      logFile: join(dir, 'coordina.log'),
    });
    proc = started.proc;
    const url = started.url;
    await waitForHealth(url, 60_000, 'coordina start', proc);
    const product: Product = {
      name: 'embedded',
      demoPassword: '',
      url,
      fetch: (path, init) => testFetch(url, path, init),
      close: async () => undefined,
      mint: () => Promise.reject(new Error('not used')),
      databaseUrl: (service) => withDatabase(testPostgresUrl(), databaseName(prefix, service)),
    };
    const history = new History(product.databaseUrl);
    const s = new Shopper(product);
    const token = await s.signUp();
    const { serviceId, slots, date } = await s.freeSlots(6);
    const chosen = s.disjoint(slots, 12);
    assert.equal(chosen.length, 12);
    const ids: string[] = [];
    const userId = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub as string;
    for (const [i, slot] of chosen.entries()) {
      const key = randomUUID();
      const r = await s.book(token, slot, serviceId, i % 2 === 0 ? 'pm_card_visa' : 'pm_card_chargeDeclined', key);
      assert.equal(r.status, 202, r.text);
      ids.push(r.body.id);
      history.accept('booking', { key, id: r.body.id, userId });
    }
    await proc.stop('SIGKILL');
    proc.start();
    await waitForHealth(url, 60_000, 'coordina start after SIGKILL', proc);
    const finals = await Promise.all(ids.map((id) => s.settled(token, id, 200_000)));
    for (const [i, b] of finals.entries())
      assert.equal(b.status, i % 2 === 0 ? 'CONFIRMED' : 'CANCELLED', JSON.stringify(b));
    const av = await product.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
    const free = new Set(av.body.slots.map((x: { stylistId: string; start: string }) => `${x.stylistId}@${x.start}`));
    for (const [i, slot] of chosen.entries()) {
      assert.equal(
        free.has(`${slot.stylistId}@${slot.start}`),
        i % 2 !== 0,
        `slot ${slot.start} leaked or double-booked`,
      );
    }
    try {
      console.log(await history.check());
    } finally {
      await history.close();
    }
  });
});

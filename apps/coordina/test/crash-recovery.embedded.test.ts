import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { testFetch, testPostgresUrl, uniquePrefix } from '@coordina/platform/testing';
import { type ManagedProcess, startCoordina, waitForHealth } from '../src/child.process';
import { SALON, Shopper } from './booking.scenarios';
import type { Product } from './harness';

describe('crash recovery of the embedded default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-crash-'));
  let proc: ManagedProcess | undefined;
  after(() => proc?.stop('SIGKILL'));

  it('finishes every saga CONFIRMED or CANCELLED after a SIGKILL in the middle, leaking no slot', async () => {
    const started = await startCoordina({
      name: 'coordina',
      dataDir: dir,
      databaseUrl: testPostgresUrl(),
      env: {
        ...process.env,
        COORDINA_DB_PREFIX: uniquePrefix(),
        SANDBOX_WEBHOOK_DELAY_MS: '400',
        BOOKING_HOLD_TIMEOUT_MS: '180000',
        LOG_LEVEL: 'warn',
      },
      logFile: join(dir, 'coordina.log'),
    });
    proc = started.proc;
    const url = started.url;
    await waitForHealth(url, 60_000, 'coordina start');
    const product: Product = {
      name: 'embedded',
      demoPassword: '',
      url,
      fetch: (path, init) => testFetch(url, path, init),
      close: async () => undefined,
      mint: () => Promise.reject(new Error('not used')),
    };
    const s = new Shopper(product);
    const token = await s.signUp();
    const { serviceId, slots, date } = await s.freeSlots(6);
    const chosen = s.disjoint(slots, 12);
    assert.equal(chosen.length, 12);
    const ids: string[] = [];
    for (const [i, slot] of chosen.entries()) {
      const r = await s.book(token, slot, serviceId, i % 2 === 0 ? 'pm_card_visa' : 'pm_card_chargeDeclined');
      assert.equal(r.status, 202, r.text);
      ids.push(r.body.id);
    }
    await proc.stop('SIGKILL');
    proc.start();
    await waitForHealth(url, 60_000, 'coordina start after SIGKILL');
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
  });
});

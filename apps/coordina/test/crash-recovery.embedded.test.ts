import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AccessTokens, MINTED_SIGN_IN, withDatabase } from '@coordina/platform';
import { databaseName } from '@coordina/platform/runtime';
import { budget, eventually, testFetch, testPostgresUrl, uniquePrefix } from '@coordina/platform/testing';
import { type ManagedProcess, startCoordina, waitForHealth } from '../src/child.process';
import { SALON, Shopper } from './booking.scenarios';
import { type Product, userIdOf } from './harness';
import { History } from './history';
import type { Mailbox } from './mailbox';
import { MusicFestClient } from './musicfest.client';

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
    const userId = userIdOf(token);
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
    // The twelve polls above spend this address's rate limit: a 429 is asked again after its Retry-After.
    const av = await eventually(
      async () => {
        const r = await product.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
        assert.ok(r.status === 200 || r.status === 429, r.text);
        return r.status === 200 ? r : undefined;
      },
      30_000,
      250,
    );
    const free = new Set(av.body.slots.map((x: { stylistId: string; start: string }) => `${x.stylistId}@${x.start}`));
    for (const [i, slot] of chosen.entries()) {
      assert.equal(
        free.has(`${slot.stylistId}@${slot.start}`),
        i % 2 !== 0,
        `slot ${slot.start} leaked or double-booked`,
      );
    }
    try {
      // Notices follow confirmations through the event log: wait until the counts agree.
      console.log(await eventually(() => history.check(), 60_000, 250));
    } finally {
      await history.close();
    }
  });
});

describe('crash recovery of a ticket rush (embedded default)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-rush-crash-'));
  const procs: ManagedProcess[] = [];
  after(async () => {
    for (const p of procs) await p.stop('SIGKILL');
  });

  it('sells exactly what it accepted when the process dies in the middle of a group-committed batch', async () => {
    const prefix = uniquePrefix();
    const jwtSecret = randomUUID();
    const env = {
      ...process.env,
      COORDINA_DB_PREFIX: prefix,
      JWT_SECRET: jwtSecret,
      SANDBOX_WEBHOOK_DELAY_MS: '50',
      MUSICFEST_HOLD_TIMEOUT_MS: String(budget(600_000)),
      LOG_LEVEL: 'warn',
    };
    const log = join(dir, 'coordina.log');
    // The switch is armed for the first run only: it dies in the first batch of several buyers.
    const first = await startCoordina({
      name: 'coordina',
      dataDir: dir,
      databaseUrl: testPostgresUrl(),
      env: { ...env, COORDINA_TEST_CRASH: 'group-commit.mid-batch' },
      logFile: log,
    });
    procs.push(first.proc);
    const url = first.url;
    await waitForHealth(url, 60_000, 'coordina start', first.proc);
    const tokens = new AccessTokens(jwtSecret, 3600);
    const product: Product = {
      name: 'embedded',
      demoPassword: '',
      url,
      fetch: (path, init) => testFetch(url, path, init),
      close: async () => undefined,
      mint: (userId, roles = ['client']) =>
        tokens.sign({ id: userId, email: `${userId}@load.test`, roles, ...MINTED_SIGN_IN }),
      databaseUrl: (service) => withDatabase(testPostgresUrl(), databaseName(prefix, service)),
    };
    const history = new History(product.databaseUrl);
    const mf = new MusicFestClient(product, undefined as unknown as Mailbox);
    const manager = await product.mint('6f1c2d3e-0004-4000-8000-000000000004', ['manager']);
    const { eventId, ticketTypeId } = await mf.onSaleEvent(manager, 200);
    const buyers = await Promise.all(Array.from({ length: 150 }, () => product.mint(randomUUID())));
    // Each buyer retries with its key until answered, across the crash and the restart.
    const rush = Promise.all(
      buyers.map(async (token) => {
        const key = randomUUID();
        const r = await eventually(
          async () => {
            const res = await product.fetch('/api/musicfest/purchases', {
              token,
              headers: { 'idempotency-key': key },
              json: { eventId, items: [{ ticketTypeId, quantity: 1 }], paymentMethod: 'pm_card_visa' },
            });
            return res.status < 500 ? res : undefined;
          },
          180_000,
          200,
        );
        assert.equal(r.status, 202, r.text);
        history.accept('purchase', { key, id: r.body.id, userId: userIdOf(token) });
        return { token, id: r.body.id as string };
      }),
    );
    let answered = false;
    void rush.then(() => {
      answered = true;
    });
    await eventually(async () => !first.proc.running || answered, 120_000);
    assert.ok(!answered, 'every buyer was answered before a batch of several formed: no crash to recover from');
    assert.equal(first.proc.exit?.signal, 'SIGKILL', 'the process died at the crash point');
    assert.match(readFileSync(log, 'utf8'), /coordina crash point group-commit\.mid-batch \(pass 1\): SIGKILL/);
    const second = await startCoordina({
      name: 'coordina',
      dataDir: dir,
      databaseUrl: testPostgresUrl(),
      env,
      logFile: log,
      port: Number(new URL(url).port),
    });
    procs.push(second.proc);
    await waitForHealth(url, 60_000, 'coordina start after the crash', second.proc);
    const bought = await rush;
    for (const b of bought) {
      const done = await mf.until(b.token, b.id, new Set(['COMPLETED']), 120_000);
      assert.equal(done.tickets.length, 1);
    }
    try {
      // Notices follow confirmations through the event log: wait until the counts agree.
      console.log(await eventually(() => history.check(), 60_000, 250));
    } finally {
      await history.close();
    }
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Database, sql } from '@coordina/platform';
import { budget, eventually, type TestResponse } from '@coordina/platform/testing';
import { SALON, Shopper } from './booking.scenarios';
import { distributed, type Product, userIdOf } from './harness';
import { History } from './history';
import { onSaleEvent } from './musicfest.client';

const DAY = 86_400_000;

/**
 * Failures of the distributed topology, each under traffic: a booking instance lost behind
 * the gateways, every booking process killed mid-saga, the Kafka broker and the PostgreSQL
 * server killed with SIGKILL and restarted, Redis killed while writes flow. Clients retry
 * with the same Idempotency-Key until they get an answer, as a real client would; a history
 * checker then proves every accepted request has exactly one effect. Each test leaves the
 * topology whole again and depends on no other.
 */
describe('distributed topology under failures', () => {
  let p: Product;
  let s: Shopper;

  before(async () => {
    p = await distributed({
      ownKafka: true,
      ownPostgres: true,
      // Two consumers in the booking and notification groups: a broker restart rebalances them.
      instances: { 'instudio-booking': 2, notifications: 2 },
      // The failover test polls as fast as the gateways answer, from one address.
      perIpPerMinute: 1_000_000,
      env: {
        // Holds outlast every outage here, so every paid booking must end CONFIRMED.
        BOOKING_HOLD_TIMEOUT_MS: String(budget(120_000)),
        // Payment replies arrive late enough that a booking is still HELD when its process dies.
        SANDBOX_WEBHOOK_DELAY_MS: String(budget(2_000)),
        MUSICFEST_HOLD_TIMEOUT_MS: String(budget(120_000)),
      },
    });
    s = new Shopper(p);
  });
  after(() => p?.close());

  const topology = () => {
    assert.ok(p.topology);
    return p.topology;
  };

  /**
   * A client that retries a command with the same Idempotency-Key until it gets an answer
   * that is not a server or network failure (a 502/503/504 during an outage says nothing).
   */
  async function command(path: string, token: string, key: string, json: unknown): Promise<TestResponse> {
    return eventually(
      async () => {
        const r = await p.fetch(path, { token, headers: { 'idempotency-key': key }, json });
        return r.status < 500 ? r : undefined;
      },
      120_000,
      200,
    );
  }

  async function book(history: History, token: string, slot: { stylistId: string; start: string }, serviceId: string) {
    const key = randomUUID();
    const r = await command('/api/instudio/bookings', token, key, {
      salonId: SALON,
      serviceId,
      stylistId: slot.stylistId,
      start: slot.start,
      paymentMethod: 'pm_card_visa',
    });
    assert.equal(r.status, 202, r.text);
    history.accept('booking', { key, id: r.body.id, userId: userIdOf(token) });
    return r.body.id as string;
  }

  async function slotsOn(daysAhead: number, n: number) {
    const { serviceId, slots } = await s.freeSlots(daysAhead);
    const chosen = s.disjoint(slots, n);
    assert.equal(chosen.length, n);
    return { serviceId, chosen };
  }

  /** Every booking CONFIRMED (the outages were shorter than the holds), then the history holds. */
  async function allConfirmed(history: History, token: string, ids: string[]): Promise<string> {
    const finals = await Promise.all(ids.map((id) => s.settled(token, id, 120_000)));
    assert.deepEqual(
      finals.map((b) => b.status),
      ids.map(() => 'CONFIRMED'),
      finals.map((b) => `${b.id} ${b.status} ${b.statusReason ?? ''}`).join('\n'),
    );
    // Notices follow confirmations through the event log: wait until the counts agree.
    const report = await eventually(async () => history.check(), 60_000, 250);
    console.log(report);
    return report;
  }

  it('moves traffic to the surviving instance and loses no accepted request', async () => {
    const history = new History(p.databaseUrl);
    const [first] = topology().instances.filter((i) => i.service === 'instudio-booking');
    assert.ok(first);
    try {
      const token = await s.signUp();
      const { serviceId, chosen } = await slotsOn(7, 6);
      await first.proc.stop('SIGKILL');
      const reads = (async () => {
        const statuses: number[] = [];
        const end = Date.now() + budget(5000);
        while (Date.now() < end) {
          const r = await p.fetch(
            `/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10)}`,
          );
          statuses.push(r.status);
        }
        return statuses;
      })();
      // Writes meanwhile, retried with their keys until answered.
      const ids = await Promise.all(chosen.map((slot) => book(history, token, slot, serviceId)));
      const statuses = await reads;
      const late = statuses.slice(Math.floor(statuses.length / 2));
      assert.ok(late.length > 0 && late.every((x) => x === 200), `reads after failover: ${late.join(',')}`);
      await allConfirmed(history, token, ids);
    } finally {
      await history.close();
      if (!first.proc.running) await topology().restart(first);
    }
  });

  it('drains a booking instance stopped with SIGTERM: every request in flight is answered, and it exits cleanly', async () => {
    const history = new History(p.databaseUrl);
    const [, second] = topology().instances.filter((i) => i.service === 'instudio-booking');
    assert.ok(second);
    try {
      const token = await s.signUp();
      const { serviceId, chosen } = await slotsOn(12, 4);
      const date = new Date(Date.now() + 12 * DAY).toISOString().slice(0, 10);
      let stopped = false;
      const stopping = second.proc.stop('SIGTERM', budget(30_000)).then(() => {
        stopped = true;
      });
      // Reads and writes (each sent once, no retry) while it drains.
      const reads = (async () => {
        const statuses: number[] = [];
        while (!stopped) {
          const r = await p.fetch(`/api/instudio/salons/${SALON}/availability?serviceId=${serviceId}&date=${date}`);
          statuses.push(r.status);
        }
        return statuses;
      })();
      const writes = await Promise.all(
        chosen.map(async (slot) => {
          const key = randomUUID();
          const r = await s.book(token, slot, serviceId, 'pm_card_visa', key);
          assert.equal(r.status, 202, r.text);
          history.accept('booking', { key, id: r.body.id, userId: userIdOf(token) });
          return r.body.id as string;
        }),
      );
      await stopping;
      const statuses = await reads;
      assert.ok(statuses.length > 0 && statuses.every((x) => x === 200), `reads while draining: ${statuses.join(',')}`);
      assert.deepEqual(second.proc.exit, { code: 0, signal: null }, 'a clean exit, not a kill after the grace period');
      await allConfirmed(history, token, writes);
    } finally {
      await history.close();
      if (!second.proc.running) await topology().restart(second);
    }
  });

  it('finishes every saga when the booking processes are killed with SIGKILL in the middle', async () => {
    const history = new History(p.databaseUrl);
    const bookings = topology().instances.filter((x) => x.service === 'instudio-booking');
    try {
      const token = await s.signUp();
      const { serviceId, chosen } = await slotsOn(8, 8);
      const ids = await Promise.all(chosen.map((slot) => book(history, token, slot, serviceId)));
      for (const i of bookings) await i.proc.stop('SIGKILL');
      // Nothing changes a booking while its service is down: this is the state at the kill.
      const db = new Database(p.databaseUrl('instudio-booking'), { max: 1 });
      try {
        const { rows } = await sql<{
          status: string;
        }>`SELECT status FROM bookings WHERE id = ANY(${ids}::uuid[])`.execute(db.db);
        assert.deepEqual(
          rows.map((r) => r.status),
          ids.map(() => 'HELD'),
          'every saga was in flight (HELD, waiting for its payment) when the processes died',
        );
      } finally {
        await db.close();
      }
      for (const i of bookings) await topology().restart(i);
      await allConfirmed(history, token, ids);
    } finally {
      await history.close();
      for (const i of bookings) if (!i.proc.running) await topology().restart(i);
    }
  });

  it('loses and duplicates nothing when the Kafka broker is killed with SIGKILL under load', async () => {
    const kafka = topology().kafka;
    assert.ok(kafka, 'this suite runs its own broker');
    const history = new History(p.databaseUrl);
    try {
      const token = await s.signUp();
      const { serviceId, chosen } = await slotsOn(9, 10);
      const before = await Promise.all(chosen.slice(0, 5).map((slot) => book(history, token, slot, serviceId)));
      await kafka.stop(true);
      // Accepted into the services' outboxes while the broker is gone.
      const during = await Promise.all(chosen.slice(5).map((slot) => book(history, token, slot, serviceId)));
      await kafka.start(topology().kafkaPort);
      await allConfirmed(history, token, [...before, ...during]);
    } finally {
      await history.close();
      if (!kafka.running) await kafka.start(topology().kafkaPort);
    }
  });

  it('loses and duplicates nothing when PostgreSQL is killed with SIGKILL while bookings and purchases flow', async () => {
    const pg = topology().postgres;
    assert.ok(pg, 'this suite runs its own PostgreSQL server');
    const history = new History(p.databaseUrl);
    try {
      const token = await s.signUp();
      const { serviceId, chosen } = await slotsOn(10, 6);
      const { eventId, ticketTypeId } = await onSaleEventOf(20);
      const buyers = await Promise.all([0, 1, 2, 3, 4, 5].map(() => p.mint(randomUUID())));
      const bookings: string[] = [];
      const purchases: { token: string; id: string }[] = [];
      let accepted = 0;
      const flow = (async () => {
        for (const [i, slot] of chosen.entries()) {
          bookings.push(await book(history, token, slot, serviceId));
          const buyer = buyers[i] ?? '';
          const key = randomUUID();
          const r = await command('/api/musicfest/purchases', buyer, key, {
            eventId,
            items: [{ ticketTypeId, quantity: 2 }],
            paymentMethod: 'pm_card_visa',
          });
          assert.equal(r.status, 202, r.text);
          history.accept('purchase', { key, id: r.body.id, userId: userIdOf(buyer) });
          purchases.push({ token: buyer, id: r.body.id });
          accepted++;
        }
      })();
      await eventually(async () => accepted >= 2, 60_000);
      await pg.kill();
      // The outage lasts while the flow's clients get errors and retry.
      await new Promise((r) => setTimeout(r, 2000));
      await pg.start();
      await flow;
      const states = () =>
        Promise.all(
          purchases.map(async (x) => {
            const r = await p.fetch(`/api/musicfest/purchases/${x.id}`, { token: x.token });
            return { id: x.id, http: r.status, status: r.body?.status, paymentId: r.body?.paymentId };
          }),
        );
      // `eventually` scales its deadline itself (120 s is 360 s on two cores, the holds' timeout), and
      // leaves time for the diagnosis below within the test's own timeout.
      await eventually(async () => (await states()).every((x) => x.status === 'COMPLETED'), 120_000).catch(
        async (err: Error) => {
          // Seen in busy-machine runs, when a queue's lanes slept ten minutes after the restart (fixed
          // since): say which purchases stayed behind, and where.
          const behind = (await states()).filter((x) => x.status !== 'COMPLETED');
          throw new Error(`${err.message}; purchases not COMPLETED after the outage: ${JSON.stringify(behind)}`);
        },
      );
      await allConfirmed(history, token, bookings);
    } finally {
      await history.close();
      if (!pg.pid) await pg.start();
    }
  });

  it('refuses writes with 503 while Redis is down (never a duplicate), serves reads, and accepts the retries after', async () => {
    const history = new History(p.databaseUrl);
    try {
      const token = await s.signUp();
      const { serviceId, chosen } = await slotsOn(11, 3);
      await topology().redisDown();
      const keys = chosen.map(() => randomUUID());
      try {
        for (let i = 0; i < 5; i++) {
          const r = await p.fetch(`/api/instudio/salons/${SALON}`);
          assert.equal(r.status, 200, r.text);
          const list = await p.fetch('/api/instudio/salons?district=Miraflores');
          assert.equal(list.status, 200, list.text);
        }
        // The idempotency store is in Redis: without it a command could run twice, so it is refused.
        for (const [i, slot] of chosen.entries()) {
          const r = await p.fetch('/api/instudio/bookings', {
            token,
            headers: { 'idempotency-key': keys[i] ?? '' },
            json: {
              salonId: SALON,
              serviceId,
              stylistId: slot.stylistId,
              start: slot.start,
              paymentMethod: 'pm_card_visa',
            },
          });
          assert.equal(r.status, 503, r.text);
          assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
        }
      } finally {
        await topology().redisUp();
      }
      const ids: string[] = [];
      for (const [i, slot] of chosen.entries()) {
        const key = keys[i] ?? '';
        const r = await command('/api/instudio/bookings', token, key, {
          salonId: SALON,
          serviceId,
          stylistId: slot.stylistId,
          start: slot.start,
          paymentMethod: 'pm_card_visa',
        });
        assert.equal(r.status, 202, r.text);
        history.accept('booking', { key, id: r.body.id, userId: userIdOf(token) });
        ids.push(r.body.id);
      }
      await allConfirmed(history, token, ids);
    } finally {
      await history.close();
    }
  });

  /** A MusicFest event on sale, created by the demo manager (a minted token) and its fee paid. */
  async function onSaleEventOf(seats: number) {
    const manager = await p.mint('6f1c2d3e-0004-4000-8000-000000000004', ['manager']);
    return onSaleEvent(p, manager, seats, `Failures ${randomUUID().slice(0, 8)}`);
  }
});

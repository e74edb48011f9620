import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import { SALON, Shopper } from './booking.scenarios';
import { distributed, type Product } from './harness';

/**
 * Failures of the distributed topology: a service process killed mid-saga, an instance
 * lost behind the gateways, the Kafka broker restarted under load, Redis unavailable. In
 * each case nothing accepted is lost or done twice.
 */
describe('distributed topology under failures', () => {
  let p: Product;
  let s: Shopper;

  before(async () => {
    // Holds outlast a broker restart while every service's consumers rejoin their groups.
    p = await distributed({
      ownKafka: true,
      instances: { 'instudio-booking': 2 },
      // The failover test polls as fast as the gateways answer, from one address: more than the
      // default per-IP minute allows, which would leave the later tests answered 429.
      perIpPerMinute: 1_000_000,
      env: { BOOKING_HOLD_TIMEOUT_MS: '60000' },
    });
    s = new Shopper(p);
  });
  after(() => p?.close());

  const topology = () => {
    assert.ok(p.topology);
    return p.topology;
  };

  /**
   * Every booking ends CONFIRMED or CANCELLED. A saga whose payment reply arrived after its
   * deadline (the outage outlasted the hold) is compensated, and its late charge refunded.
   * Returns how many were confirmed.
   */
  async function allSettledSafely(token: string, ids: string[]): Promise<number> {
    const finals = await Promise.all(ids.map((id) => s.settled(token, id, 90_000)));
    for (const b of finals.filter((x) => x.status === 'CANCELLED')) {
      assert.match(b.statusReason, /timed out/);
      await eventually(
        async () => (await p.fetch(`/api/instudio/bookings/${b.id}`, { token })).body.refundStatus === 'REFUNDED',
        60_000,
      );
    }
    const confirmed = finals.filter((b) => b.status === 'CONFIRMED').length;
    assert.ok(confirmed >= ids.length / 2, finals.map((b) => b.status).join(','));
    return confirmed;
  }

  async function bookMany(token: string, daysAhead: number, n: number) {
    const { serviceId, slots } = await s.freeSlots(daysAhead);
    const chosen = s.disjoint(slots, n);
    const ids: string[] = [];
    for (const slot of chosen) {
      const r = await s.book(token, slot, serviceId, 'pm_card_visa');
      assert.equal(r.status, 202, r.text);
      ids.push(r.body.id);
    }
    return ids;
  }

  it('moves traffic to the surviving instance within 5 s and loses no accepted request', async () => {
    const [first] = topology().instances.filter((i) => i.service === 'instudio-booking');
    assert.ok(first);
    await first.proc.stop('SIGKILL');
    const started = Date.now();
    const statuses: number[] = [];
    while (Date.now() - started < 5000) {
      const r = await p.fetch(
        `/api/instudio/salons/${SALON}/availability?serviceId=00000000-0000-4000-8000-000000000000&date=2030-01-01`,
      );
      statuses.push(r.status);
    }
    const late = statuses.slice(Math.floor(statuses.length / 2));
    assert.ok(
      late.every((x) => x !== 502 && x !== 503 && x !== 500),
      `statuses after failover: ${late.join(',')}`,
    );
    await topology().restart(first);
  });

  it('finishes every saga when a booking process is killed with SIGKILL in the middle', async () => {
    const token = await s.signUp();
    const ids = await bookMany(token, 7, 8);
    for (const i of topology().instances.filter((x) => x.service === 'instudio-booking')) await i.proc.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    for (const i of topology().instances.filter((x) => x.service === 'instudio-booking')) await topology().restart(i);
    await allSettledSafely(token, ids);
  });

  it('loses and duplicates nothing when the Kafka broker restarts under load', async () => {
    const kafka = topology().kafka;
    assert.ok(kafka, 'this suite runs its own broker');
    const token = await s.signUp();
    const before = await bookMany(token, 8, 5);
    await kafka.stop();
    const during = await bookMany(token, 9, 5);
    await kafka.start(Number(topology().kafkaPort));
    const ids = [...before, ...during];
    const confirmed = await allSettledSafely(token, ids);
    const confirmations = async () => {
      const feed = await p.fetch('/api/notifications/me', { token });
      return feed.body.items.filter((n: { kind: string }) => /confirm/i.test(n.kind)).length as number;
    };
    await eventually(async () => (await confirmations()) >= confirmed, 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(await confirmations(), confirmed, 'one notification per confirmed booking, none twice');
  });

  it('serves reads when Redis is down: the cache degrades to a miss, never to an error', async () => {
    await topology().redisDown();
    try {
      for (let i = 0; i < 5; i++) {
        const r = await p.fetch(`/api/instudio/salons/${SALON}`);
        assert.equal(r.status, 200, r.text);
        const list = await p.fetch('/api/instudio/salons?district=Miraflores');
        assert.equal(list.status, 200, list.text);
      }
    } finally {
      await topology().redisUp();
    }
  });
});

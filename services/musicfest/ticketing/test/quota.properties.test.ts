import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import fc from 'fast-check';
import { ticketingService } from '../src';
import { QuotasRepository } from '../src/db/quotas.repository';
import { BasketRules, type SellableType } from '../src/domain/basket.rules';

/**
 * Property-based tests (fast-check) of MusicFest's purchase limits: the per-person ticket cap
 * (PostgreSQL statements, checked against an in-memory model over random sequences of takes and
 * give-backs, single and batched) and the basket's pricing and per-type limit.
 */

const MAX = 12;
type Op =
  | { kind: 'take'; user: number; event: number; n: number }
  | { kind: 'give'; user: number; event: number; n: number }
  | { kind: 'takeMany' | 'giveMany'; rows: { user: number; event: number; n: number }[] };

const row = fc.record({
  user: fc.integer({ min: 0, max: 2 }),
  event: fc.integer({ min: 0, max: 1 }),
  n: fc.integer({ min: 1, max: MAX + 2 }),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  row.map((r) => ({ kind: 'take' as const, ...r })),
  row.map((r) => ({ kind: 'give' as const, ...r })),
  // One row per user and event in a batch, as the batcher builds it.
  fc
    .uniqueArray(row, { selector: (r) => `${r.user}/${r.event}`, minLength: 1, maxLength: 4 })
    .map((rows) => ({ kind: 'takeMany' as const, rows })),
  fc
    .uniqueArray(row, { selector: (r) => `${r.user}/${r.event}`, minLength: 1, maxLength: 4 })
    .map((rows) => ({ kind: 'giveMany' as const, rows })),
);

describe('per-person ticket cap (properties, PostgreSQL)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ services: [ticketingService] });
  });
  after(() => app?.close());

  it('takes a buyer’s tickets exactly when they fit under the cap, and never holds more than it', async () => {
    const ctx = app.contexts.get('musicfest-ticketing');
    assert.ok(ctx);
    const db = ctx.db.db;
    const quotas = new QuotasRepository();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const users = [randomUUID(), randomUUID(), randomUUID()];
        const events = [randomUUID(), randomUUID()];
        const model = new Map<string, number>();
        const id = (r: { user: number; event: number }) => `${users[r.user]}/${events[r.event]}`;
        const held = (r: { user: number; event: number }) => model.get(id(r)) ?? 0;
        const ids = (r: { user: number; event: number; n: number }) => ({
          userId: users[r.user] as string,
          eventId: events[r.event] as string,
          n: r.n,
        });
        for (const o of ops) {
          if (o.kind === 'take') {
            const fits = held(o) + o.n <= MAX;
            assert.equal(await quotas.take(db, ids(o).userId, ids(o).eventId, o.n, MAX), fits, JSON.stringify(o));
            if (fits) model.set(id(o), held(o) + o.n);
          } else if (o.kind === 'give') {
            await quotas.give(db, ids(o).userId, ids(o).eventId, o.n);
            model.set(id(o), Math.max(held(o) - o.n, 0));
          } else if (o.kind === 'takeMany') {
            const got = await quotas.takeMany(db, o.rows.map(ids), MAX);
            const want = new Set(o.rows.filter((r) => held(r) + r.n <= MAX).map(id));
            assert.deepEqual([...got].sort(), [...want].sort(), JSON.stringify(o));
            for (const r of o.rows) if (want.has(id(r))) model.set(id(r), held(r) + r.n);
          } else {
            await quotas.giveMany(db, o.rows.map(ids));
            for (const r of o.rows) model.set(id(r), Math.max(held(r) - r.n, 0));
          }
          for (const [key, tickets] of model) assert.ok(tickets <= MAX, `${key} holds ${tickets}`);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('basket rules (properties)', () => {
  const type = fc.record({
    id: fc.uuid(),
    name: fc.string({ maxLength: 10 }),
    price: fc.integer({ min: 0, max: 1_000_000 }),
    discountPercent: fc.integer({ min: 0, max: 100 }),
    finalPrice: fc.integer({ min: 0, max: 1_000_000 }),
    commission: fc.integer({ min: 0, max: 30_000 }),
    salesStartAt: fc.constant(new Date(0)),
    salesEndAt: fc.constant(new Date(8.64e15)),
    removed: fc.constant(false),
  }) as fc.Arbitrary<SellableType>;

  it('totals are the sums of their lines, and the first item over the per-type limit is named', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(type, { selector: (t) => t.id, minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 10 }),
        (types, picks, maxPerType) => {
          const rules = new BasketRules(maxPerType);
          const items = picks.map(([i, quantity]) => ({
            ticketTypeId: (types[i % types.length] as SellableType).id,
            quantity,
          }));
          const basket = rules.price(types, items);
          assert.equal(
            basket.tickets,
            items.reduce((s, i) => s + i.quantity, 0),
          );
          assert.equal(
            basket.total,
            basket.lines.reduce((s, l) => s + l.finalPrice * l.quantity, 0),
          );
          assert.equal(
            basket.commission,
            basket.lines.reduce((s, l) => s + l.commission, 0),
          );
          const over = rules.overLimit(items);
          const first = items.findIndex((i) => i.quantity > maxPerType);
          assert.equal(over?.index ?? -1, first);
        },
      ),
      { numRuns: 500 },
    );
  });
});

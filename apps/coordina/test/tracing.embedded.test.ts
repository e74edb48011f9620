import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type FinishedSpan, startTracing, type Tracing } from '@coordina/platform/runtime';
import { eventually } from '@coordina/platform/testing';
import { breakdown, HOPS, hopOf, traceProblems } from '../src/bench/trace.analysis';
import {
  bookableSlots,
  eventOnSale,
  type TracedCommand,
  tracedBooking,
  tracedPurchase,
} from '../src/bench/trace.flows';
import { embedded, type Product } from './harness';

/**
 * One booking and one purchase, traced with the in-memory exporter: each is ONE connected
 * trace from the client's POST to its saga's end, across the gateway, the handler, the
 * outbox, the relay, the PostgreSQL log, the consumers and the saga's steps.
 */
describe('tracing: a command is one trace from the POST to the saga end (embedded)', () => {
  let p: Product;
  let tracing: Tracing;

  before(async () => {
    tracing = startTracing('memory', 'coordina');
    p = await embedded();
  });
  after(async () => {
    await p?.close();
    await tracing?.shutdown();
  });

  /**
   * The command's spans once its saga's end is among them and every span's parent has ended
   * too (a span is exported when it ends: a consumer still running has children out, its own
   * span not yet). After the wait, whatever is there is asserted.
   */
  async function traceOf(c: TracedCommand): Promise<FinishedSpan[]> {
    const spans = () => tracing.spans().filter((s) => s.traceId === c.traceId);
    try {
      return await eventually(async () => {
        const now = spans();
        return traceProblems(now, c.rootSpanId).length === 0 ? now : undefined;
      }, 10_000);
    } catch {
      return spans();
    }
  }

  function assertConnected(c: TracedCommand, spans: FinishedSpan[]): void {
    assert.deepEqual(traceProblems(spans, c.rootSpanId), []);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    // The gateway continued the client's traceparent.
    const server = spans.find((s) => s.parentId === c.rootSpanId);
    assert.equal(server?.kind, 1, 'the server span is the client root span child');
    // Every consumer's receive is a child of the outbox insert that wrote its event.
    const receives = spans.filter((s) => hopOf(s) === 'receive');
    assert.ok(receives.length >= 2, 'the saga crossed the broker both ways');
    for (const r of receives) assert.equal(byId.get(r.parentId ?? '')?.name, 'outbox.insert', r.name);
    for (const s of spans.filter((x) => hopOf(x) === 'publish')) {
      assert.equal(byId.get(s.parentId ?? '')?.name, 'outbox.insert', s.name);
      assert.equal(s.attributes['messaging.system'], 'postgres');
    }
    for (const s of spans) assert.ok(s.endMs >= s.startMs, `${s.name} ends after it starts`);
  }

  it('traces a booking: POST, handler, transaction, outbox, relay, log, consumers, saga steps', async () => {
    const token = await p.mint(randomUUID());
    const { serviceId, slots } = await bookableSlots(p.fetch, 1);
    const slot = slots[0];
    assert.ok(slot, 'a free slot');
    const c = await tracedBooking(p.fetch, token, serviceId, slot);
    assert.equal(c.status, 'CONFIRMED');
    const spans = await traceOf(c);
    assertConnected(c, spans);
    const b = breakdown([spans]);
    for (const h of HOPS)
      assert.ok(
        b.hops.some((r) => r.name === h),
        h,
      );
    assert.ok(b.gaps.some((g) => g.name === 'commit → relay pick-up'));
  });

  it('traces a purchase the same way, across ctx.http calls too', async () => {
    const manager = await p.mint(randomUUID(), ['manager']);
    const sale = await eventOnSale(p.fetch, manager, 5);
    const buyer = await p.mint(randomUUID());
    const c = await tracedPurchase(p.fetch, buyer, sale);
    assert.equal(c.status, 'COMPLETED');
    const spans = await traceOf(c);
    assertConnected(c, spans);
  });
});

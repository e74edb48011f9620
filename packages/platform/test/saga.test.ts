import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineEvent } from '../src/contracts/event-contract';
import { defineRoutes } from '../src/contracts/route-contract';
import { SERVICE_CONTEXT, type ServiceContext } from '../src/runtime/service-context';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';
import { defineSaga, SagaStepFailed } from '../src/saga/saga.definition';
import { eventually, startTestApp, uniquePrefix } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';
import { on } from '../src/transport/consumer';

const Charge = defineEvent({
  topic: 'test.charge.requested',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid(), card: z.string() }),
});
const Charged = defineEvent({
  topic: 'test.charge.succeeded',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid(), ref: z.string() }),
});
const Declined = defineEvent({
  topic: 'test.charge.declined',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid(), reason: z.string() }),
});
const Refund = defineEvent({
  topic: 'test.refund.requested',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid() }),
});

type OrderState = { card: string; failAt?: string; ref?: string };

/** An orchestrator with a local step, a remote step and a local last step, each with its undo. */
@Injectable()
class OrderSaga implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}
  onModuleInit() {
    const journal = (tx: Parameters<Parameters<ServiceContext['db']['transaction']>[0]>[0], id: string, what: string) =>
      sql`INSERT INTO journal (saga_id, what) VALUES (${id}, ${what})`.execute(tx);
    this.ctx.sagas.register(
      defineSaga<OrderState>({
        name: 'order',
        steps: [
          {
            name: 'ReserveStock',
            undo: 'ReleaseStock',
            run: async (_s, c) => void (await journal(c.tx, c.sagaId, 'ReserveStock')),
            compensate: async (_s, c) => void (await journal(c.tx, c.sagaId, 'ReleaseStock')),
          },
          {
            name: 'ChargeCard',
            undo: 'RefundCard',
            command: async (s, c) => c.publish(Charge, { sagaId: c.sagaId, card: s.card }),
            replies: {
              success: Charged,
              failure: Declined,
              correlate: (d: { sagaId: string }) => d.sagaId,
              onSuccess: (_s, d: { ref: string }) => ({ ref: d.ref }),
              reason: (d: { reason: string }) => d.reason,
            },
            timeoutMs: 800,
            compensate: async (_s, c) => {
              await journal(c.tx, c.sagaId, 'RefundCard');
              await c.publish(Refund, { sagaId: c.sagaId });
            },
          },
          {
            name: 'Ship',
            run: async (s, c) => {
              if (s.failAt === 'Ship') throw new SagaStepFailed('no courier');
              await journal(c.tx, c.sagaId, 'Ship');
              return undefined;
            },
          },
        ],
      }),
    );
  }
}

/** A stand-in payment service replying to charge commands. */
@Injectable()
class CardService implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}
  onModuleInit() {
    if (process.env.SAGA_TEST_NO_PAYER === '1') return;
    this.ctx.bus.subscribe({
      group: 'orders.card',
      handlers: [
        on(Charge, async (d, _e, tx) => {
          if (d.card === 'silent') return;
          if (d.card === 'visa')
            await this.ctx.bus.publish(tx, Charged, { sagaId: d.sagaId, ref: `ch_${d.sagaId.slice(0, 4)}` });
          else await this.ctx.bus.publish(tx, Declined, { sagaId: d.sagaId, reason: 'card_declined' });
        }),
      ],
    });
  }
}

@Module({})
class OrdersModule {}

const ordersService: ServiceManifest = {
  name: 'orders',
  routes: defineRoutes('orders', []),
  events: [Charge, Charged, Declined, Refund],
  migrations: [
    { id: '001', sql: 'CREATE TABLE journal (seq bigserial PRIMARY KEY, saga_id uuid NOT NULL, what text NOT NULL)' },
  ],
  module: (ctx) => serviceModule(OrdersModule, ctx, { providers: [OrderSaga, CardService] }),
};

describe('saga orchestrator', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const a of apps) await a.close();
  });

  async function boot(prefix = uniquePrefix()) {
    const app = await startTestApp({ services: [ordersService], config: { dbPrefix: prefix } });
    apps.push(app);
    const ctx = app.contexts.get('orders');
    assert.ok(ctx);
    return { app, ctx, prefix };
  }

  async function start(ctx: ServiceContext, state: OrderState) {
    const id = randomUUID();
    await ctx.db.transaction((tx) => ctx.sagas.start(tx, 'order', id, state));
    return id;
  }

  async function journal(ctx: ServiceContext, id: string) {
    const r = await sql<{ what: string }>`SELECT what FROM journal WHERE saga_id = ${id} ORDER BY seq`.execute(
      ctx.db.db,
    );
    return r.rows.map((x) => x.what);
  }

  const finished = (ctx: ServiceContext, id: string) =>
    eventually(async () => {
      const s = await ctx.sagas.get(id);
      return s && (s.status === 'COMPLETED' || s.status === 'COMPENSATED') ? s : undefined;
    });

  it('runs every step and completes', async () => {
    const { ctx } = await boot();
    const id = await start(ctx, { card: 'visa' });
    const s = await finished(ctx, id);
    assert.equal(s.status, 'COMPLETED');
    assert.equal(s.state.ref, `ch_${id.slice(0, 4)}`);
    assert.deepEqual(await journal(ctx, id), ['ReserveStock', 'Ship']);
    assert.deepEqual(
      s.log?.map((l) => `${l.step}:${l.action}`),
      [
        'start:started',
        'ReserveStock:done',
        'ChargeCard:command-sent',
        'ChargeCard:done',
        'Ship:done',
        'end:completed',
      ],
    );
  });

  it('compensates the earlier steps in reverse order when a reply reports failure', async () => {
    const { ctx } = await boot();
    const id = await start(ctx, { card: 'mastercard' });
    const s = await finished(ctx, id);
    assert.equal(s.status, 'COMPENSATED');
    assert.equal(s.failure, 'ChargeCard: card_declined');
    assert.deepEqual(await journal(ctx, id), ['ReserveStock', 'ReleaseStock']);
  });

  it('compensates in reverse order, the charge included, when a later local step fails', async () => {
    const { ctx } = await boot();
    const id = await start(ctx, { card: 'visa', failAt: 'Ship' });
    const s = await finished(ctx, id);
    assert.equal(s.status, 'COMPENSATED');
    assert.deepEqual(await journal(ctx, id), ['ReserveStock', 'RefundCard', 'ReleaseStock']);
  });

  it('times out a step that gets no reply and runs its undo too', async () => {
    const { ctx } = await boot();
    const id = await start(ctx, { card: 'silent' });
    const s = await finished(ctx, id);
    assert.equal(s.status, 'COMPENSATED');
    assert.equal(s.failure, 'ChargeCard: timed out');
    assert.deepEqual(await journal(ctx, id), ['ReserveStock', 'RefundCard', 'ReleaseStock']);
    const refunds = await sql`SELECT 1 FROM coordina_outbox WHERE topic = 'test.refund.requested'`.execute(ctx.db.db);
    assert.equal(refunds.rows.length, 1);
  });

  it('recovers sagas after the process stops mid-flight, with state only from the database', async () => {
    process.env.SAGA_TEST_NO_PAYER = '1';
    const first = await boot();
    const ids = await Promise.all([1, 2, 3].map(() => start(first.ctx, { card: 'visa' })));
    await eventually(async () => (await first.ctx.sagas.list({ status: 'RUNNING' })).length === 3);
    await first.app.close();
    process.env.SAGA_TEST_NO_PAYER = '0';
    const second = await boot(first.prefix);
    for (const id of ids) assert.equal((await finished(second.ctx, id)).status, 'COMPLETED');
  });

  it('lists and inspects instances through the ops API', async () => {
    const { ctx } = await boot();
    const id = await start(ctx, { card: 'visa' });
    await finished(ctx, id);
    const list = await ctx.sagas.list({ name: 'order' });
    assert.ok(list.some((s) => s.id === id && s.status === 'COMPLETED'));
  });
});

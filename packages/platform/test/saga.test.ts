import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { type KyselyPlugin, type RawNode, sql } from 'kysely';
import { z } from 'zod';
import { AccessTokens } from '../src/auth/access-token';
import { defineEvent } from '../src/contracts/event-contract';
import { defineRoutes } from '../src/contracts/route-contract';
import { budget } from '../src/runtime/budget';
import { SERVICE_CONTEXT, type ServiceContext, type ServiceRuntime } from '../src/runtime/service-context';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';
import { defineSaga, type SagaStep, SagaStepFailed } from '../src/saga/saga.definition';
import { eventually, startTestApp, uniquePrefix } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';
import { on } from '../src/transport/consumer';

const Charge = defineEvent({
  topic: 'test.charge.requested',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid(), card: z.string(), saga: z.string().optional() }),
});
const Charged = defineEvent({
  topic: 'test.charge.succeeded',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid(), ref: z.string(), saga: z.string().optional() }),
});
const Declined = defineEvent({
  topic: 'test.charge.declined',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid(), reason: z.string(), saga: z.string().optional() }),
});
const Refund = defineEvent({
  topic: 'test.refund.requested',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid() }),
});

type OrderState = { card: string; failAt?: string; ref?: string };

/**
 * The charge's reply deadline: far beyond any wait of these tests on a loaded machine, so a
 * reply is never timed out by a slow run. The timeout test moves that deadline into the past
 * instead of waiting for it.
 */
const CHARGE_TIMEOUT_MS = budget(120_000);

/** The charge step: sends Charge naming the saga, awaits Charged or Declined (skipping another saga's). */
function chargeStep(name: string): SagaStep<OrderState> {
  return {
    name,
    command: async (s, c) => c.publish(Charge, { sagaId: c.sagaId, card: s.card, saga: c.sagaName }),
    replies: {
      success: Charged,
      failure: Declined,
      correlate: (d: { sagaId: string }) => d.sagaId,
      owner: (d: { saga?: string }) => d.saga,
      onSuccess: (_s, d: { ref: string }) => ({ ref: d.ref }),
      reason: (d: { reason: string }) => d.reason,
    },
    timeoutMs: CHARGE_TIMEOUT_MS,
  };
}

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
            run: async (_s, c) => void (await journal(c.tx, c.sagaId, 'ReserveStock')),
            undo: { name: 'ReleaseStock', run: async (_s, c) => void (await journal(c.tx, c.sagaId, 'ReleaseStock')) },
          },
          {
            ...chargeStep('ChargeCard'),
            undo: {
              name: 'RefundCard',
              run: async (_s, c) => {
                await journal(c.tx, c.sagaId, 'RefundCard');
                await c.publish(Refund, { sagaId: c.sagaId });
              },
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
    // A second saga awaiting the same replies (decision 0117): each skips the replies naming the other.
    this.ctx.sagas.register(
      defineSaga<OrderState>({
        name: 'gift',
        steps: [chargeStep('ChargeGift')],
      }),
    );
    // Two local steps in one transaction, the second failing after it wrote (decision 0099).
    this.ctx.sagas.register(
      defineSaga<OrderState>({
        name: 'packing',
        steps: [
          {
            name: 'Pack',
            run: async (_s, c) => void (await journal(c.tx, c.sagaId, 'Pack')),
            undo: { name: 'Unpack', run: async (_s, c) => void (await journal(c.tx, c.sagaId, 'Unpack')) },
          },
          {
            name: 'Label',
            run: async (s, c) => {
              await journal(c.tx, c.sagaId, 'Label');
              if (s.failAt === 'Label') throw new SagaStepFailed('no printer');
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
          const asker = d.saga === undefined ? {} : { saga: d.saga };
          if (d.card === 'visa')
            await this.ctx.bus.publish(tx, Charged, { sagaId: d.sagaId, ref: `ch_${d.sagaId.slice(0, 4)}`, ...asker });
          else await this.ctx.bus.publish(tx, Declined, { sagaId: d.sagaId, reason: 'card_declined', ...asker });
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

  async function start(ctx: ServiceRuntime, state: OrderState) {
    const id = randomUUID();
    await ctx.db.transaction((tx) => ctx.sagas.start(tx, 'order', id, state));
    return id;
  }

  async function journal(ctx: ServiceRuntime, id: string) {
    const r = await sql<{ what: string }>`SELECT what FROM journal WHERE saga_id = ${id} ORDER BY seq`.execute(
      ctx.db.db,
    );
    return r.rows.map((x) => x.what);
  }

  const finished = (ctx: ServiceRuntime, id: string) =>
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

  it('skips a reply naming another saga before its transaction; the owner completes, a nameless reply still works', async () => {
    const { ctx } = await boot();
    const order = await start(ctx, { card: 'silent' });
    const gift = randomUUID();
    await ctx.db.transaction((tx) => ctx.sagas.start(tx, 'gift', gift, { card: 'silent' }));
    const publish = (data: { sagaId: string; ref: string; saga?: string }) =>
      ctx.db.transaction((tx) => ctx.bus.publish(tx, Charged, data));
    // The order's reply names it; then a late nameless reply of the same key (so of the same
    // partition, after it): once the gift's group claimed the late one, it is past the named one.
    const named = await publish({ sagaId: order, ref: 'ch_named', saga: 'order' });
    const late = await publish({ sagaId: order, ref: 'ch_late' });
    const claimed = async (group: string, id: string) =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_inbox
          WHERE group_id = ${group} AND event_id = ${id}`.execute(ctx.db.db)
      ).rows[0]?.n === 1;
    await eventually(() => claimed('orders.saga.gift', late.id));
    assert.equal(await claimed('orders.saga.gift', named.id), false, 'the gift saga skipped the order reply unclaimed');
    assert.equal(await claimed('orders.saga.order', named.id), true);
    const o = await finished(ctx, order);
    assert.equal(o.status, 'COMPLETED');
    assert.equal(o.state.ref, 'ch_named');
    // An old reply, without the saga's name: every reply group looks it up, the owner completes.
    const legacy = await publish({ sagaId: gift, ref: 'ch_legacy' });
    const g = await finished(ctx, gift);
    assert.equal(g.status, 'COMPLETED');
    await eventually(() => claimed('orders.saga.order', legacy.id));
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

  // Decision 0095: a transition's log entries are written with the saga's row, in one statement.
  it('logs every transition in order when its entries travel with the row, a failed step after a reply included', async () => {
    const { ctx } = await boot();
    const id = await start(ctx, { card: 'visa', failAt: 'Ship' });
    const s = await finished(ctx, id);
    assert.deepEqual(
      s.log?.map((l) => `${l.step}:${l.action}`),
      [
        'start:started',
        'ReserveStock:done',
        'ChargeCard:command-sent',
        // The reply's entry, written with the failed step's row (a savepoint rolled the step back, not the entry).
        'ChargeCard:done',
        'RefundCard:compensated',
        'ReleaseStock:compensated',
        'end:compensated',
      ],
    );
  });

  // Decision 0099: a step's savepoint is never released; the next step's nests inside it.
  it('rolls back only the failing step when local steps share a transaction, with one savepoint per step and no release', async () => {
    const { ctx } = await boot();
    const statements: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: ({ node }) => {
        if (node.kind === 'RawNode') statements.push((node as RawNode).sqlFragments.join('?').trim());
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const ok = randomUUID();
    const failed = randomUUID();
    await ctx.db.transaction((tx) => ctx.sagas.start(tx.withPlugin(recorder), 'packing', ok, { card: 'none' }));
    await ctx.db.transaction(async (tx) => {
      await sql`INSERT INTO journal (saga_id, what) VALUES (${failed}, 'caller')`.execute(tx);
      await ctx.sagas.start(tx, 'packing', failed, { card: 'none', failAt: 'Label' });
    });
    assert.equal((await ctx.sagas.get(ok))?.status, 'COMPLETED');
    assert.deepEqual(await journal(ctx, ok), ['Pack', 'Label']);
    // The caller's write and Pack's stay; Label's own write is rolled back; Pack's undo runs.
    assert.equal((await ctx.sagas.get(failed))?.status, 'COMPENSATED');
    assert.deepEqual(await journal(ctx, failed), ['caller', 'Pack', 'Unpack']);
    // One round trip per step: the SAVEPOINT, no RELEASE.
    assert.deepEqual(
      statements.filter((q) => /savepoint/i.test(q)),
      ['SAVEPOINT saga_step', 'SAVEPOINT saga_step'],
    );
  });

  it('times out a step that gets no reply once its deadline passes, and runs its undo too', async () => {
    const { ctx } = await boot();
    const id = await start(ctx, { card: 'silent' });
    const waiting = await eventually(async () => {
      const s = await ctx.sagas.get(id);
      return s?.log?.some((l) => l.step === 'ChargeCard' && l.action === 'command-sent') ? s : undefined;
    });
    assert.equal(waiting.status, 'RUNNING');
    assert.equal(waiting.stepName, 'ChargeCard');
    assert.ok(waiting.deadline);
    // The deadline is the step's own timeout (not the 60 s default), counted from when the command was sent.
    assert.ok(
      Date.parse(waiting.deadline) >= Date.parse(waiting.createdAt) + CHARGE_TIMEOUT_MS - 1000,
      `deadline ${waiting.deadline} for a saga created at ${waiting.createdAt}`,
    );
    // The clock of this saga: its deadline passes now, without waiting for it.
    await sql`UPDATE coordina_sagas SET deadline = now() - interval '1 second' WHERE id = ${id}`.execute(ctx.db.db);
    const s = await finished(ctx, id);
    assert.equal(s.status, 'COMPENSATED');
    assert.equal(s.failure, 'ChargeCard: timed out');
    assert.deepEqual(await journal(ctx, id), ['ReserveStock', 'RefundCard', 'ReleaseStock']);
    const refunds = await sql`SELECT 1 FROM coordina_outbox WHERE topic = 'test.refund.requested'`.execute(ctx.db.db);
    assert.equal(refunds.rows.length, 1);
  });

  it('recovers sagas after the process stops mid-flight, with state only from the database', async () => {
    process.env.SAGA_TEST_NO_PAYER = '1';
    let first: Awaited<ReturnType<typeof boot>>;
    let ids: string[];
    try {
      first = await boot();
      const ctx = first.ctx;
      ids = await Promise.all([1, 2, 3].map(() => start(ctx, { card: 'visa' })));
      await eventually(async () => (await ctx.sagas.list({ status: 'RUNNING' })).length === 3);
      await first.app.close();
    } finally {
      process.env.SAGA_TEST_NO_PAYER = '0';
    }
    const second = await boot(first.prefix);
    for (const id of ids) {
      const s = await finished(second.ctx, id);
      assert.equal(s.status, 'COMPLETED');
      // The state the first process wrote, carried on by the second: the card it started with and the reply's ref.
      assert.deepEqual(s.state, { card: 'visa', ref: `ch_${id.slice(0, 4)}` });
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
        'the second process resumes at the reply; it runs no step again',
      );
    }
    const charges = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = 'test.charge.requested'`.execute(second.ctx.db.db);
    assert.equal(charges.rows[0]?.n, 3, 'one charge command per saga, sent by the first process only');
  });

  it('lists and inspects instances through the ops API, for platform admins only', async () => {
    const { app, ctx } = await boot();
    const tokens = new AccessTokens(app.config.jwtSecret, 300);
    const admin = await tokens.sign({ id: randomUUID(), email: 'ops@x.test', roles: ['platform_admin'] });
    const client = await tokens.sign({ id: randomUUID(), email: 'c@x.test', roles: ['client'] });
    const done = await start(ctx, { card: 'visa' });
    await finished(ctx, done);
    // A second saga stays waiting for its charge's reply (no payer answers a silent card).
    const waiting = await start(ctx, { card: 'silent' });
    await eventually(async () => (await ctx.sagas.get(waiting))?.stepName === 'ChargeCard');

    const ids = async (query: string) => {
      const res = await app.fetch(`/api/ops/sagas${query}`, { token: admin });
      assert.equal(res.status, 200, res.text);
      return (res.body.items as { id: string; name: string; status: string }[]).map((s) => `${s.id}:${s.status}`);
    };
    assert.deepEqual((await ids('?name=order')).sort(), [`${done}:COMPLETED`, `${waiting}:RUNNING`].sort());
    assert.deepEqual(await ids('?status=COMPLETED'), [`${done}:COMPLETED`]);
    assert.deepEqual(await ids('?status=RUNNING&name=order'), [`${waiting}:RUNNING`]);
    assert.deepEqual(await ids('?name=other'), []);

    const one = await app.fetch(`/api/ops/sagas/${done}`, { token: admin });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.id, done);
    assert.equal(one.body.status, 'COMPLETED');
    assert.deepEqual(one.body.state, { card: 'visa', ref: `ch_${done.slice(0, 4)}` });
    assert.deepEqual(
      one.body.log.map((l: { step: string; action: string }) => `${l.step}:${l.action}`),
      [
        'start:started',
        'ReserveStock:done',
        'ChargeCard:command-sent',
        'ChargeCard:done',
        'Ship:done',
        'end:completed',
      ],
    );
    const pending = await app.fetch(`/api/ops/sagas/${waiting}`, { token: admin });
    assert.equal(pending.body.stepName, 'ChargeCard');
    assert.ok(pending.body.deadline);
    assert.equal((await app.fetch(`/api/ops/sagas/${randomUUID()}`, { token: admin })).status, 404);

    for (const path of ['/api/ops/sagas', `/api/ops/sagas/${done}`]) {
      const forbidden = await app.fetch(path, { token: client });
      assert.equal(forbidden.status, 403, path);
      assert.equal(forbidden.body.code, 'FORBIDDEN');
      assert.equal((await app.fetch(path)).status, 401, path);
    }
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import { AccessTokens } from '../src/auth/access-token';
import { defineEvent } from '../src/contracts/event-contract';
import { defineRoutes } from '../src/contracts/route-contract';
import { SERVICE_CONTEXT, type ServiceContext, type ServiceRuntime } from '../src/runtime/service-context';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';
import { defineSaga, SagaStepFailed } from '../src/saga/saga.definition';
import type { SagaInstance } from '../src/saga/saga.orchestrator';
import { eventually, startTestApp } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';

const Ask = defineEvent({
  topic: 'test.parking.asked',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid() }),
});
const Answered = defineEvent({
  topic: 'test.parking.answered',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid() }),
});
const Refused = defineEvent({
  topic: 'test.parking.refused',
  version: 1,
  key: (d) => d.sagaId,
  schema: z.object({ sagaId: z.uuid() }),
});

type HoldState = { fragile: boolean; refuseAsk?: boolean };

/** Three failed attempts, 3 s then 6 s apart: a parked saga takes at least 9 s to park. */
const MAX_ATTEMPTS = 3;

/**
 * A saga held by its caller, then waiting for a reply nobody sends. Its ReleaseHold undo
 * throws for a fragile saga until a repair row exists; ForgetAsk, the waiting step's undo,
 * always works.
 */
@Injectable()
class HoldSaga implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}
  onModuleInit() {
    const journal = (
      c: { tx: Parameters<Parameters<ServiceContext['db']['transaction']>[0]>[0] },
      id: string,
      what: string,
    ) => sql`INSERT INTO journal (saga_id, what) VALUES (${id}, ${what})`.execute(c.tx);
    this.ctx.sagas.register(
      defineSaga<HoldState>({
        name: 'hold',
        retry: { maxAttempts: MAX_ATTEMPTS, delayMs: 3000 },
        steps: [
          {
            name: 'Hold',
            byCaller: true,
            undo: {
              name: 'ReleaseHold',
              run: async (s, c) => {
                const r = await sql`SELECT 1 FROM repairs WHERE saga_id = ${c.sagaId}`.execute(c.tx);
                if (s.fragile && r.rows.length === 0) throw new Error('the hold store refuses the release');
                await journal(c, c.sagaId, 'ReleaseHold');
              },
            },
          },
          {
            name: 'Ask',
            command: async (s, c) => {
              if (s.refuseAsk) throw new SagaStepFailed('nobody to ask');
              await c.publish(Ask, { sagaId: c.sagaId });
            },
            replies: { success: Answered, failure: Refused, correlate: (d: { sagaId: string }) => d.sagaId },
            timeoutMs: 600_000,
            undo: { name: 'ForgetAsk', run: async (_s, c) => void (await journal(c, c.sagaId, 'ForgetAsk')) },
          },
        ],
      }),
    );
  }
}

@Module({})
class HoldsModule {}

const holdsService: ServiceManifest = {
  name: 'holds',
  routes: defineRoutes('holds', []),
  events: [Ask, Answered, Refused],
  migrations: [
    {
      id: '001',
      sql: `CREATE TABLE journal (seq bigserial PRIMARY KEY, saga_id uuid NOT NULL, what text NOT NULL);
        CREATE TABLE repairs (saga_id uuid PRIMARY KEY);`,
    },
  ],
  module: (ctx) => serviceModule(HoldsModule, ctx, { providers: [HoldSaga] }),
};

describe('saga timekeeper: failed attempts and parking', () => {
  let app: TestApp;
  let ctx: ServiceRuntime;
  let admin: string;
  // Two fragile sagas (one to retry, one to discard) and a sound one, all overdue at once.
  const fragile = [randomUUID(), randomUUID()] as const;
  const sound = randomUUID();

  before(async () => {
    app = await startTestApp({ services: [holdsService] });
    const c = app.contexts.get('holds');
    assert.ok(c);
    ctx = c;
    admin = await new AccessTokens(app.config.jwtSecret, 300).sign({
      id: randomUUID(),
      email: 'ops@x.test',
      roles: ['platform_admin'],
    });
  });
  after(() => app?.close());

  const saga = async (id: string): Promise<SagaInstance> => {
    const s = await ctx.sagas.get(id);
    assert.ok(s, id);
    return s;
  };
  const journal = async (id: string) =>
    (
      await sql<{ what: string }>`SELECT what FROM journal WHERE saga_id = ${id} ORDER BY seq`.execute(ctx.db.db)
    ).rows.map((r) => r.what);

  it('parks a saga whose undo always throws after its attempts, while another saga’s timeout is handled in time', async () => {
    for (const id of [...fragile, sound])
      await ctx.db.transaction((tx) => ctx.sagas.start(tx, 'hold', id, { fragile: id !== sound }));
    for (const id of [...fragile, sound]) assert.equal((await saga(id)).stepName, 'Ask');
    // The fragile sagas are the most overdue, so the timekeeper meets them first.
    await sql`UPDATE coordina_sagas SET deadline = now() - interval '10 seconds' WHERE id IN (${fragile[0]}, ${fragile[1]})`.execute(
      ctx.db.db,
    );
    await sql`UPDATE coordina_sagas SET deadline = now() - interval '1 second' WHERE id = ${sound}`.execute(ctx.db.db);

    const done = await eventually(async () => {
      const s = await saga(sound);
      return s.status === 'COMPENSATED' ? s : undefined;
    }, 5_000);
    assert.deepEqual(done.cause, { step: 'Ask', kind: 'timeout', reason: 'timed out' });
    assert.deepEqual(await journal(sound), ['ForgetAsk', 'ReleaseHold']);
    // Handled while the fragile ones wait for their next attempt, not after they park.
    for (const id of fragile) {
      const s = await saga(id);
      assert.equal(s.status, 'COMPENSATING', JSON.stringify(s));
      assert.ok(s.attempts >= 1 && s.attempts < MAX_ATTEMPTS, JSON.stringify(s));
    }

    for (const id of fragile) {
      const parked = await eventually(async () => {
        const s = await saga(id);
        return s.status === 'PARKED' ? s : undefined;
      }, 30_000);
      assert.equal(parked.attempts, MAX_ATTEMPTS);
      assert.equal(parked.failure, 'Ask: timed out');
      assert.deepEqual(parked.cause, { step: 'Ask', kind: 'timeout', reason: 'timed out' });
      assert.equal(parked.lastError, 'the hold store refuses the release');
      const log = parked.log?.map((l) => `${l.step}:${l.action}`) ?? [];
      assert.deepEqual(log, [
        'start:started',
        'Hold:done',
        'Ask:command-sent',
        'Ask:timed-out',
        'ForgetAsk:compensated',
        'ReleaseHold:attempt-failed',
        'ReleaseHold:attempt-failed',
        'ReleaseHold:attempt-failed',
        'ReleaseHold:parked',
      ]);
      // The undo that worked ran once: retries resume at the one that threw.
      assert.deepEqual(await journal(id), ['ForgetAsk']);
    }
  });

  it('lets an operator list parked sagas, retry one once repaired and discard another', async () => {
    const list = await app.fetch('/api/ops/sagas?status=PARKED', { token: admin });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.items.map((s: { id: string }) => s.id).sort(), [...fragile].sort());

    const notParked = await app.fetch(`/api/ops/sagas/${sound}/retry`, { token: admin, method: 'POST' });
    assert.equal(notParked.status, 409, notParked.text);
    const unknown = await app.fetch(`/api/ops/sagas/${randomUUID()}/discard`, { token: admin, method: 'POST' });
    assert.equal(unknown.status, 404, unknown.text);

    await sql`INSERT INTO repairs (saga_id) VALUES (${fragile[0]})`.execute(ctx.db.db);
    const retried = await app.fetch(`/api/ops/sagas/${fragile[0]}/retry`, { token: admin, method: 'POST' });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.status, 'COMPENSATING');
    assert.equal(retried.body.attempts, 0);
    const compensated = await eventually(async () => {
      const s = await saga(fragile[0]);
      return s.status === 'COMPENSATED' ? s : undefined;
    });
    assert.deepEqual(await journal(fragile[0]), ['ForgetAsk', 'ReleaseHold']);
    assert.deepEqual(
      compensated.log?.slice(-3).map((l) => `${l.step}:${l.action}`),
      ['ops:retried', 'ReleaseHold:compensated', 'end:compensated'],
    );

    const discarded = await app.fetch(`/api/ops/sagas/${fragile[1]}/discard`, { token: admin, method: 'POST' });
    assert.equal(discarded.status, 200, discarded.text);
    assert.equal(discarded.body.status, 'DISCARDED');
    const again = await app.fetch(`/api/ops/sagas/${fragile[1]}/retry`, { token: admin, method: 'POST' });
    assert.equal(again.status, 409, again.text);
    assert.deepEqual(await journal(fragile[1]), ['ForgetAsk']);
  });

  // Decision 0122: with no saga running or compensating, the timekeeper naps 30 s. An undo that
  // throws while a failed step is handled sets its retry's deadline there: the orchestrator must
  // wake the timekeeper, or that retry waits for the long nap.
  it('retries an undo that threw while a failed step was handled at its deadline, though nothing else was running', async () => {
    const id = randomUUID();
    // Ask fails as the saga starts; no repair yet, so ReleaseHold, run inline, throws.
    await ctx.db.transaction((tx) => ctx.sagas.start(tx, 'hold', id, { fragile: true, refuseAsk: true }));
    const waiting = await eventually(async () => {
      const s = await saga(id);
      return s.status === 'COMPENSATING' && s.attempts === 1 ? s : undefined;
    });
    assert.equal(waiting.lastError, 'the hold store refuses the release');
    await sql`INSERT INTO repairs (saga_id) VALUES (${id})`.execute(ctx.db.db);
    // Due 3 s after the failed attempt; the timekeeper's long nap would be 30 s (a budget of 5 s
    // is 15 s on a 2-core machine: still well under it).
    await eventually(async () => (await saga(id)).status === 'COMPENSATED', 5_000);
    // Failed at Ask: only the steps before it are undone.
    assert.deepEqual(await journal(id), ['ReleaseHold']);
  });
});

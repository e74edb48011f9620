import { Body, Controller, HttpCode, Inject, Injectable, Module, type OnModuleInit, Post } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineEvent } from '../src/contracts/event-contract';
import { defineRoutes } from '../src/contracts/route-contract';
import type { Tx } from '../src/db/database';
import { GroupCommit } from '../src/db/group-commit';
import { AppError } from '../src/errors/app-error';
import { zod } from '../src/http/zod.pipe';
import { crashPoint } from '../src/runtime/crash-points';
import { SERVICE_CONTEXT, type ServiceContext } from '../src/runtime/service-context';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';
import { defineSaga, SagaStepFailed } from '../src/saga/saga.definition';
import { on } from '../src/transport/consumer';

/**
 * The fixture of the crash-point tests (crash-points.test.ts, run in crash.child.ts): one
 * service with each thing a crash must not break. Every command carries its id, so a client
 * retries an unanswered one safely; effect tables have no unique constraint, so a second
 * effect would show as a second row.
 * - notes: a command commits a row and an outbox event; a consumer records the event.
 * - trips: a saga Reserve (local) → Charge (command and reply) → Ship (local, always fails):
 *   two compensations, Refund then Release; Refund publishes an event another consumer records.
 * - holds: a group-committed rush: each batch takes seats from a stock with a capacity CHECK,
 *   records the holds and publishes their events, in one transaction; the runner holds the
 *   group-commit.mid-batch crash point (GroupCommit itself holds group-commit.before-answers).
 */
export const CrashNoted = defineEvent({
  topic: 'crash.noted',
  version: 1,
  key: (d) => d.key,
  schema: z.object({ id: z.uuid(), key: z.string(), n: z.number().int() }),
});
const CrashCharge = defineEvent({
  topic: 'crash.charge.requested',
  version: 1,
  key: (d) => d.tripId,
  schema: z.object({ tripId: z.uuid() }),
});
const CrashCharged = defineEvent({
  topic: 'crash.charge.succeeded',
  version: 1,
  key: (d) => d.tripId,
  schema: z.object({ tripId: z.uuid() }),
});
const CrashDeclined = defineEvent({
  topic: 'crash.charge.declined',
  version: 1,
  key: (d) => d.tripId,
  schema: z.object({ tripId: z.uuid() }),
});
const CrashRefund = defineEvent({
  topic: 'crash.refund.requested',
  version: 1,
  key: (d) => d.tripId,
  schema: z.object({ tripId: z.uuid() }),
});
const CrashHeld = defineEvent({
  topic: 'crash.held',
  version: 1,
  key: (d) => d.id,
  schema: z.object({ id: z.uuid() }),
});

/** Every topic of the fixture and the consumer groups reading each (for lag checks). */
export const crashTopics = [CrashNoted, CrashCharge, CrashCharged, CrashDeclined, CrashRefund, CrashHeld].map(
  (c) => c.topic,
);
export const crashGroups: Record<string, readonly string[]> = {
  'crash.effects': [CrashNoted.topic],
  'crash.card': [CrashCharge.topic],
  'crash.saga.trip': [CrashCharged.topic, CrashDeclined.topic],
  'crash.refunds': [CrashRefund.topic],
  'crash.held': [CrashHeld.topic],
};
/** Seats in the fixture's stock. */
export const STOCK_CAPACITY = 1000;

const NoteBody = z.object({ id: z.uuid(), key: z.string().min(1).max(40), n: z.number().int() });
const IdBody = z.object({ id: z.uuid() });

export const crashRoutes = defineRoutes('crash', [
  { method: 'POST', path: '/api/crash/notes', auth: 'public', summary: 'A note and its event', body: NoteBody },
  { method: 'POST', path: '/api/crash/trips', auth: 'public', summary: 'Starts a trip saga', body: IdBody },
  { method: 'POST', path: '/api/crash/holds', auth: 'public', summary: 'Holds a seat (group commit)', body: IdBody },
]);

const journal = (tx: Tx, tripId: string, what: string) =>
  sql`INSERT INTO crash_journal (trip_id, what) VALUES (${tripId}, ${what})`.execute(tx);

@Injectable()
class CrashWiring implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit() {
    const { bus, sagas } = this.ctx;
    bus.subscribe({
      group: 'crash.effects',
      handlers: [
        on(CrashNoted, async (d, e, tx) => {
          await sql`INSERT INTO crash_effects (event_id, note_id, key, n)
            VALUES (${e.id}, ${d.id}, ${d.key}, ${d.n})`.execute(tx);
        }),
      ],
    });
    bus.subscribe({
      group: 'crash.card',
      handlers: [on(CrashCharge, async (d, _e, tx) => void (await bus.publish(tx, CrashCharged, d)))],
    });
    bus.subscribe({
      group: 'crash.refunds',
      handlers: [
        on(CrashRefund, async (d, e, tx) => {
          await sql`INSERT INTO crash_refunds (trip_id, event_id) VALUES (${d.tripId}, ${e.id})`.execute(tx);
        }),
      ],
    });
    bus.subscribe({
      group: 'crash.held',
      handlers: [
        on(CrashHeld, async (d, e, tx) => {
          await sql`INSERT INTO crash_held_seen (hold_id, event_id) VALUES (${d.id}, ${e.id})`.execute(tx);
        }),
      ],
    });
    sagas.register(
      defineSaga<Record<string, unknown>>({
        name: 'trip',
        steps: [
          {
            name: 'Reserve',
            run: async (_s, c) => void (await journal(c.tx, c.sagaId, 'Reserve')),
            undo: { name: 'Release', run: async (_s, c) => void (await journal(c.tx, c.sagaId, 'Release')) },
          },
          {
            name: 'Charge',
            command: (_s, c) => c.publish(CrashCharge, { tripId: c.sagaId }),
            replies: {
              success: CrashCharged,
              failure: CrashDeclined,
              correlate: (d: { tripId: string }) => d.tripId,
            },
            // Far beyond a crash and restart: the reply, not the timekeeper, drives the saga.
            timeoutMs: 600_000,
            undo: {
              name: 'Refund',
              run: async (_s, c) => {
                await journal(c.tx, c.sagaId, 'Refund');
                await c.publish(CrashRefund, { tripId: c.sagaId });
              },
            },
          },
          {
            name: 'Ship',
            run: async () => {
              throw new SagaStepFailed('no courier');
            },
          },
        ],
      }),
    );
  }
}

@Controller('api/crash')
class CrashController {
  readonly #holds: GroupCommit<string, { id: string }>;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#holds = new GroupCommit((ids) => this.#hold(ids), { maxBatch: 50 });
  }

  @Post('notes')
  @HttpCode(200)
  async note(@Body(zod(NoteBody)) b: z.infer<typeof NoteBody>) {
    await this.ctx.db.transaction(async (tx) => {
      const r = await sql`INSERT INTO crash_notes (id, key, n) VALUES (${b.id}, ${b.key}, ${b.n})
        ON CONFLICT DO NOTHING RETURNING id`.execute(tx);
      if (r.rows.length > 0) await this.ctx.bus.publish(tx, CrashNoted, b);
    });
    return { id: b.id };
  }

  @Post('trips')
  @HttpCode(200)
  async trip(@Body(zod(IdBody)) b: z.infer<typeof IdBody>) {
    await this.ctx.db.transaction(async (tx) => {
      const r = await sql`INSERT INTO crash_trips (id) VALUES (${b.id}) ON CONFLICT DO NOTHING RETURNING id`.execute(
        tx,
      );
      if (r.rows.length > 0) await this.ctx.sagas.start(tx, 'trip', b.id, {});
    });
    return { id: b.id };
  }

  @Post('holds')
  @HttpCode(200)
  hold(@Body(zod(IdBody)) b: z.infer<typeof IdBody>) {
    return this.#holds.submit(b.id);
  }

  /** One transaction per batch: the holds (a retried id finds its own), the seats, the events. */
  async #hold(ids: readonly string[]): Promise<{ id: string }[]> {
    await this.ctx.db.transaction(async (tx) => {
      const r = await sql<{ id: string }>`INSERT INTO crash_holds (id) SELECT unnest(${[...ids]}::uuid[])
        ON CONFLICT DO NOTHING RETURNING id`.execute(tx);
      const fresh = r.rows.map((x) => x.id);
      if (fresh.length === 0) return;
      const taken = await sql`UPDATE crash_stock SET taken = taken + ${fresh.length}
        WHERE id = 1 AND taken + ${fresh.length} <= capacity RETURNING taken`.execute(tx);
      if (taken.rows.length === 0) throw new AppError('CONFLICT', 'no seat left');
      // Seats taken and holds written, events not yet, nothing committed.
      if (ids.length > 1) crashPoint('group-commit.mid-batch');
      await this.ctx.bus.publishMany(
        tx,
        CrashHeld,
        fresh.map((id) => ({ id })),
      );
    });
    return ids.map((id) => ({ id }));
  }
}

@Module({})
class CrashModule {}

export const crashService: ServiceManifest = {
  name: 'crash',
  routes: crashRoutes,
  events: [CrashNoted, CrashCharge, CrashCharged, CrashDeclined, CrashRefund, CrashHeld],
  migrations: [
    {
      id: '001_crash_fixture',
      sql: `
CREATE TABLE crash_notes (id uuid PRIMARY KEY, key text NOT NULL, n int NOT NULL);
CREATE TABLE crash_effects (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, note_id uuid NOT NULL,
  key text NOT NULL, n int NOT NULL);
CREATE TABLE crash_trips (id uuid PRIMARY KEY);
CREATE TABLE crash_journal (seq bigserial PRIMARY KEY, trip_id uuid NOT NULL, what text NOT NULL);
CREATE TABLE crash_refunds (seq bigserial PRIMARY KEY, trip_id uuid NOT NULL, event_id uuid NOT NULL);
CREATE TABLE crash_stock (id int PRIMARY KEY, capacity int NOT NULL, taken int NOT NULL DEFAULT 0,
  CHECK (taken >= 0 AND taken <= capacity));
INSERT INTO crash_stock (id, capacity) VALUES (1, ${STOCK_CAPACITY});
CREATE TABLE crash_holds (id uuid PRIMARY KEY);
CREATE TABLE crash_held_seen (seq bigserial PRIMARY KEY, hold_id uuid NOT NULL, event_id uuid NOT NULL);
`,
    },
  ],
  module: (ctx) => serviceModule(CrashModule, ctx, { controllers: [CrashController], providers: [CrashWiring] }),
};

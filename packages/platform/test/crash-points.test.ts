import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Admin } from '@platformatic/kafka';
import { type RawBuilder, sql } from 'kysely';
import { Database, withDatabase } from '../src/db/database';
import { budget } from '../src/runtime/budget';
import { type CrashPointName, crashPoint, parseCrashSwitch } from '../src/runtime/crash-points';
import { eventually, testPostgresUrl, uniquePrefix } from '../src/testing/start-test-app';
import { crashGroups, crashTopics, STOCK_CAPACITY } from './crash.service';

/**
 * Crash points (decision 0017), on both transports. A child process (crash.child.ts) runs the
 * crash fixture with COORDINA_TEST_CRASH naming one point; a client sends it commands (notes
 * in order per key, trip sagas that compensate, a rush of seat holds) until it dies there by
 * SIGKILL. A second process, without the switch, starts on the same databases (and the same
 * Kafka topics and groups); the client re-sends only the commands it got no answer for, with
 * their ids, like any client would. Once every consumer group has caught up, the databases
 * must show: one effect per command (those answered before the crash included), no outbox row
 * left unpublished or unconsumed, every compensation complete and in reverse order, no seat
 * taken or lost without its hold, and each key's events handled in order.
 */

const KEYS = 4;
const PER_KEY = 8;
const TRIPS = 3;
const HOLDS = 30;

/** The pass each point dies on: late enough that some work went through before it. */
const POINTS: readonly [CrashPointName, number][] = [
  ['outbox.after-commit', 3],
  ['relay.after-publish', 3],
  ['consumer.after-effect', 5],
  ['saga.mid-compensation', 1],
  ['group-commit.mid-batch', 1],
  ['group-commit.before-answers', 1],
];

interface Transport {
  name: string;
  /** Environment of the child for this transport, and a check that its groups have caught up. */
  env(prefix: string): Record<string, string>;
  caughtUp(prefix: string, env: Record<string, string>): Promise<boolean>;
}

const pgLog: Transport = {
  name: 'PostgreSQL log',
  env: () => ({}),
  async caughtUp(prefix) {
    const log = new Database(withDatabase(testPostgresUrl(), `${prefix}coordina_log`), { max: 1 });
    try {
      // Against the last record, not next_offset: an append the log deduplicated (the relay sent
      // rows again after a crash) used up offsets it wrote nothing at.
      const r = await sql<{ behind: number }>`SELECT count(*)::int AS behind FROM coordina_log_positions p
        WHERE p.position < (SELECT max(l."offset") FROM coordina_log l
          WHERE l.topic = p.topic AND l.partition = p.partition)`.execute(log.db);
      return r.rows[0]?.behind === 0;
    } finally {
      await log.close();
    }
  },
};

function kafkaBrokers(): string {
  const list = process.env.COORDINA_TEST_KAFKA_BROKERS;
  if (!list)
    throw new Error('COORDINA_TEST_KAFKA_BROKERS is not set: run the tests with `npm test`, which starts Kafka');
  return list;
}

const kafka: Transport = {
  name: 'Apache Kafka',
  env: () => ({ CRASH_KAFKA_BROKERS: kafkaBrokers(), CRASH_KAFKA_PREFIX: `t${randomBytes(4).toString('hex')}.` }),
  async caughtUp(_prefix, env) {
    const ns = env.CRASH_KAFKA_PREFIX ?? '';
    const admin = new Admin({ clientId: 'crash-points-lag', bootstrapBrokers: kafkaBrokers().split(',') });
    try {
      const ends = new Map<string, bigint>();
      const listed = await admin.listOffsets({
        topics: crashTopics.map((t) => ({
          name: `${ns}${t}`,
          partitions: [0, 1, 2, 3].map((p) => ({ partitionIndex: p, timestamp: -1n })),
        })),
      });
      for (const t of listed) for (const p of t.partitions) ends.set(`${t.name}:${p.partitionIndex}`, p.offset);
      for (const [group, topics] of Object.entries(crashGroups)) {
        const [offsets] = await admin.listConsumerGroupOffsets({ groups: [`${ns}${group}`], requireStable: true });
        const committed = new Map<string, bigint>();
        for (const t of offsets?.topics ?? [])
          for (const p of t.partitions) committed.set(`${t.name}:${p.partitionIndex}`, p.committedOffset);
        for (const t of topics)
          for (const p of [0, 1, 2, 3]) {
            const id = `${ns}${t}:${p}`;
            const end = ends.get(id) ?? 0n;
            if (end > 0n && (committed.get(id) ?? -1n) < end) return false;
          }
      }
      return true;
    } finally {
      await admin.close();
    }
  },
};

interface Child {
  readonly proc: ChildProcess;
  readonly port: Promise<number>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

const children: Child[] = [];

function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [join(__dirname, 'crash.child.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d) => {
    err = (err + String(d)).slice(-20_000);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let out = '';
  const port = new Promise<number>((resolve, reject) => {
    proc.stdout?.on('data', (d) => {
      out += String(d);
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exit.then(({ code, signal }) =>
      reject(new Error(`the child exited (${code ?? signal}) before serving:\n${err.slice(-4000)}`)),
    );
  });
  // Settled either way; whoever waits for it sees the rejection.
  port.catch(() => undefined);
  const child = { proc, port, exit, stderr: () => err };
  children.push(child);
  return child;
}

/** A deadline for a condition (scaled to the machine), failing with `what`. */
async function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = budget(ms);
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what()} (not within ${limit} ms)`)), limit);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends commands to whichever child serves; a command without an answer (the child died) is
 * sent again, same id, once the next child serves. Remembers what the first child answered.
 */
class Client {
  #child: Child | undefined;
  #base = '';
  #next!: Promise<void>;
  #serve!: () => void;
  #generation = 0;
  readonly answeredBeforeCrash = new Set<string>();
  resent = 0;

  constructor() {
    this.#arm();
  }

  #arm(): void {
    this.#next = new Promise<void>((resolve) => {
      this.#serve = resolve;
    });
  }

  /** The next child serves: waiting commands go to it. */
  serve(child: Child, port: number): void {
    this.#child = child;
    this.#base = `http://127.0.0.1:${port}`;
    this.#generation++;
    const serve = this.#serve;
    this.#arm();
    serve();
  }

  async send(path: string, body: { id: string }): Promise<void> {
    if (this.#generation === 0) await this.#next;
    for (let attempt = 0; ; attempt++) {
      const generation = this.#generation;
      const child = this.#child;
      if (attempt > 0) this.resent++;
      let res: Response;
      try {
        res = await fetch(`${this.#base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch {
        // No answer: the child died (wait for the next), or the connection failed (try again).
        const gone = await Promise.race([child?.exit.then(() => true), sleep(200).then(() => false)]);
        if (gone && generation === this.#generation) await this.#next;
        continue;
      }
      const text = await res.text();
      if (res.ok) {
        if (generation === 1) this.answeredBeforeCrash.add(body.id);
        return;
      }
      throw new Error(`${path} answered ${res.status}: ${text}`);
    }
  }
}

interface Plan {
  notes: Map<string, { id: string; key: string; n: number }[]>;
  trips: string[];
  holds: string[];
}

function plan(): Plan {
  const notes = new Map<string, { id: string; key: string; n: number }[]>();
  for (let k = 0; k < KEYS; k++) {
    const key = `k${k}-${randomUUID().slice(0, 8)}`;
    notes.set(
      key,
      Array.from({ length: PER_KEY }, (_, i) => ({ id: randomUUID(), key, n: i + 1 })),
    );
  }
  return {
    notes,
    trips: Array.from({ length: TRIPS }, () => randomUUID()),
    holds: Array.from({ length: HOLDS }, () => randomUUID()),
  };
}

/** Notes one after the other per key (each sent once the previous was answered), the rest at once. */
async function workload(c: Client, p: Plan): Promise<void> {
  await Promise.all([
    ...[...p.notes.values()].map(async (notes) => {
      for (const note of notes) await c.send('/api/crash/notes', note);
    }),
    ...p.trips.map((id) => c.send('/api/crash/trips', { id })),
    ...p.holds.map((id) => c.send('/api/crash/holds', { id })),
  ]);
}

async function rows<T>(db: Database, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db.db)).rows;
}

/** True once every command's effects are in; otherwise throws what is still missing. */
async function settled(db: Database): Promise<true> {
  const [r] = await rows<{ effects: number; compensated: number; refunds: number; seen: number; unpublished: number }>(
    db,
    sql`SELECT (SELECT count(DISTINCT note_id)::int FROM crash_effects) AS effects,
      (SELECT count(*)::int FROM coordina_sagas WHERE status = 'COMPENSATED') AS compensated,
      (SELECT count(DISTINCT trip_id)::int FROM crash_refunds) AS refunds,
      (SELECT count(DISTINCT hold_id)::int FROM crash_held_seen) AS seen,
      (SELECT count(*)::int FROM coordina_outbox WHERE published_at IS NULL) AS unpublished`,
  );
  const done =
    r?.effects === KEYS * PER_KEY &&
    r.compensated === TRIPS &&
    r.refunds === TRIPS &&
    r.seen === HOLDS &&
    r.unpublished === 0;
  if (!done) throw new Error(`not settled: ${JSON.stringify(r)}`);
  return true;
}

/** The invariants, from the database alone, once everything settled. */
async function checkInvariants(db: Database, p: Plan, answered: Set<string>): Promise<void> {
  const allNotes = [...p.notes.values()].flat();
  // First, what the killed process answered: nobody will send those again.
  const held = new Set((await rows<{ id: string }>(db, sql`SELECT id FROM crash_holds`)).map((h) => h.id));
  const started = new Set((await rows<{ id: string }>(db, sql`SELECT id FROM coordina_sagas`)).map((t) => t.id));
  const noted = new Set(
    (await rows<{ note_id: string }>(db, sql`SELECT note_id FROM crash_effects`)).map((e) => e.note_id),
  );
  for (const id of answered) {
    if (p.holds.includes(id)) assert.ok(held.has(id), `hold ${id}, answered before the crash, is held`);
    else if (p.trips.includes(id)) assert.ok(started.has(id), `trip ${id}, answered before the crash, has its saga`);
    else assert.ok(noted.has(id), `note ${id}, answered before the crash, has its effect`);
  }
  // Every command exactly one effect; those answered before the crash were not re-sent.
  const notes = await rows<{ id: string }>(db, sql`SELECT id FROM crash_notes`);
  assert.deepEqual(new Set(notes.map((n) => n.id)), new Set(allNotes.map((n) => n.id)), 'one note per command');
  const effects = await rows<{ note_id: string; event_id: string; key: string; n: number }>(
    db,
    sql`SELECT note_id, event_id, key, n FROM crash_effects ORDER BY seq`,
  );
  assert.equal(effects.length, allNotes.length, 'one consumed effect per note (no duplicate, none missing)');
  // Per-key order.
  for (const [key, list] of p.notes) {
    assert.deepEqual(
      effects.filter((e) => e.key === key).map((e) => e.n),
      list.map((n) => n.n),
      `events of key ${key} handled once each, in order`,
    );
  }
  // No outbox row lost: all published, and every note and hold event was consumed.
  const outbox = await rows<{ id: string; topic: string; published: boolean }>(
    db,
    sql`SELECT id, topic, published_at IS NOT NULL AS published FROM coordina_outbox ORDER BY seq`,
  );
  assert.ok(
    outbox.every((o) => o.published),
    'every outbox row published',
  );
  const consumed = new Set([
    ...effects.map((e) => e.event_id),
    ...(await rows<{ event_id: string }>(db, sql`SELECT event_id FROM crash_held_seen`)).map((e) => e.event_id),
    ...(await rows<{ event_id: string }>(db, sql`SELECT event_id FROM crash_refunds`)).map((e) => e.event_id),
  ]);
  for (const o of outbox.filter((x) => ['crash.noted', 'crash.held', 'crash.refund.requested'].includes(x.topic)))
    assert.ok(consumed.has(o.id), `outbox event ${o.topic} ${o.id} reached its consumer`);
  assert.equal(outbox.filter((o) => o.topic === 'crash.noted').length, allNotes.length, 'one event per note');
  // Seats: one hold per command, each seat taken once, none lost.
  const holds = await rows<{ id: string }>(db, sql`SELECT id FROM crash_holds`);
  assert.deepEqual(new Set(holds.map((h) => h.id)), new Set(p.holds), 'one hold per command');
  const [stock] = await rows<{ taken: number; capacity: number }>(db, sql`SELECT taken, capacity FROM crash_stock`);
  assert.equal(stock?.taken, HOLDS, 'seats taken = holds: none leaked, none taken twice');
  assert.equal(stock?.capacity, STOCK_CAPACITY);
  const seen = await rows<{ hold_id: string }>(db, sql`SELECT hold_id FROM crash_held_seen`);
  assert.equal(seen.length, HOLDS, 'one consumed event per hold');
  // Compensations complete, once each, in reverse order.
  for (const id of p.trips) {
    const journal = await rows<{ what: string }>(
      db,
      sql`SELECT what FROM crash_journal WHERE trip_id = ${id} ORDER BY seq`,
    );
    assert.deepEqual(
      journal.map((j) => j.what),
      ['Reserve', 'Refund', 'Release'],
      `trip ${id}: reserved once, undone once, in reverse order`,
    );
    const log = await rows<{ step: string; action: string }>(
      db,
      sql`SELECT step, action FROM coordina_saga_log WHERE saga_id = ${id} ORDER BY seq`,
    );
    assert.deepEqual(
      log.map((l) => `${l.step}:${l.action}`),
      [
        'start:started',
        'Reserve:done',
        'Charge:command-sent',
        'Charge:done',
        'Refund:compensated',
        'Release:compensated',
        'end:compensated',
      ],
      `trip ${id}: saga log`,
    );
    const refunds = await rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM crash_refunds WHERE trip_id = ${id}`,
    );
    assert.equal(refunds[0]?.n, 1, `trip ${id}: one refund event consumed`);
  }
  const failed = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM coordina_failed`);
  assert.equal(failed[0]?.n, 0, 'nothing parked');
}

async function crashAndRecover(transport: Transport, point: CrashPointName, pass: number): Promise<string> {
  const prefix = uniquePrefix();
  const env = { COORDINA_TEST_PG_URL: testPostgresUrl(), CRASH_DB_PREFIX: prefix, ...transport.env(prefix) };
  const p = plan();
  const client = new Client();
  const first = startChild({ ...env, COORDINA_TEST_CRASH: `${point}:${pass}` });
  client.serve(first, await within(first.port, 60_000, () => 'the first child serves'));
  const work = workload(client, p);
  work.catch(() => undefined);
  const died = await within(first.exit, 60_000, () => `the child dies at ${point}:\n${first.stderr().slice(-4000)}`);
  assert.equal(died.signal, 'SIGKILL', `killed by SIGKILL, not ${died.code ?? died.signal}: ${first.stderr()}`);
  assert.match(first.stderr(), new RegExp(`coordina crash point ${point.replace('.', '\\.')} \\(pass ${pass}\\)`));
  const second = startChild(env);
  client.serve(second, await within(second.port, 60_000, () => 'the restarted child serves'));
  await within(work, 60_000, () => 'every command answered after the restart');
  const db = new Database(withDatabase(testPostgresUrl(), `${prefix}crash`), { max: 2 });
  try {
    try {
      await eventually(async () => (await settled(db)) && (await transport.caughtUp(prefix, env)), 60_000, 200);
    } catch (err) {
      // Never settled: the invariant that broke says more than the timeout.
      await checkInvariants(db, p, client.answeredBeforeCrash);
      throw err;
    }
    await checkInvariants(db, p, client.answeredBeforeCrash);
    return `${client.answeredBeforeCrash.size} of ${KEYS * PER_KEY + TRIPS + HOLDS} commands answered before the crash, ${client.resent} sent again`;
  } finally {
    await db.close();
    second.proc.kill('SIGKILL');
    await second.exit;
  }
}

after(async () => {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
});

describe('the crash switch', () => {
  it('is off unless COORDINA_TEST_CRASH names a point: this process passes every point and lives', () => {
    assert.equal(process.env.COORDINA_TEST_CRASH, undefined);
    for (const [point] of POINTS) crashPoint(point);
  });

  it('reads name[:N] pairs and refuses a point that does not exist', () => {
    assert.equal(parseCrashSwitch(undefined), undefined);
    assert.deepEqual(
      [...(parseCrashSwitch('relay.after-publish:3, saga.mid-compensation') ?? [])],
      [
        ['relay.after-publish', 3],
        ['saga.mid-compensation', 1],
      ],
    );
    assert.throws(() => parseCrashSwitch('relay.after-publsh'), /unknown crash point/);
    assert.throws(() => parseCrashSwitch('relay.after-publish:0'), /unknown crash point or pass/);
  });
});

for (const transport of [pgLog, kafka]) {
  describe(`crash points on the ${transport.name}`, () => {
    for (const [point, pass] of POINTS) {
      it(
        `after a SIGKILL at ${point}, a restart leaves one effect per command, no lost outbox row, complete reverse compensations, no leaked seat and per-key order`,
        { timeout: budget(300_000) },
        async (t) => t.diagnostic(await crashAndRecover(transport, point, pass)),
      );
    }
  });
}

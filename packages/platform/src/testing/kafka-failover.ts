import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { CloudEvent } from '../contracts/cloud-event';
import { createLogger } from '../observability/logger';
import { type ConsumerGroupTuning, KafkaBroker } from '../transport/kafka.broker';
import { eventually } from './start-test-app';

export interface FailoverOptions {
  brokers: string[];
  /** The compiled member script (packages/platform/dist/test/kafka-consumer.child.js). */
  childScript: string;
  partitions?: number;
  tuning?: ConsumerGroupTuning;
  /** How the first member ends: killed (a crash) or asked to stop (a deployment). */
  signal?: 'SIGKILL' | 'SIGTERM';
  /** Deadline of each wait before it gives up (scaled to the machine by `eventually`). */
  waitMs?: number;
}

export interface FailoverResult {
  /** Partitions the stopped member owned, and those the survivor owned already. */
  deadPartitions: number[];
  survivorPartitions: number[];
  produced: number;
  /** Events produced after the stop on the dead member's partitions, all handled by the survivor. */
  movedEvents: number;
  /** From the signal until the survivor handled a record of every dead partition. */
  movedAfterMs: number;
  /** The stopped member's own report of how long leaving took (SIGTERM only). */
  leaveMs?: number;
}

interface Handled {
  p: number;
  id: string;
  key: string;
  t: number;
}

class Member {
  readonly handled: Handled[] = [];
  ready = false;
  leaveMs: number | undefined;
  exited = false;
  readonly #child: ChildProcess;
  #stderr = '';

  constructor(script: string, config: unknown) {
    this.#child = spawn(process.execPath, [script], {
      env: { ...process.env, COORDINA_FAILOVER_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stderr?.on('data', (d) => {
      this.#stderr = (this.#stderr + String(d)).slice(-4000);
    });
    this.#child.once('exit', () => {
      this.exited = true;
    });
    const lines = createInterface({ input: this.#child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const m = JSON.parse(line) as Partial<Handled> & { ready?: boolean; left?: boolean; ms?: number };
      if (m.ready) this.ready = true;
      else if (m.left) this.leaveMs = m.ms;
      else this.handled.push(m as Handled);
    });
  }

  get stderr(): string {
    return this.#stderr;
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((r) => this.#child.once('exit', () => r()));
    this.#child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Two members of one consumer group, each in its own process, share a topic's partitions;
 * events keyed across every partition flow all along. The first member is killed (or asked
 * to stop); the run waits until the survivor handled every event of the dead member's
 * partitions and checks that no event was lost.
 */
export async function consumerFailover(options: FailoverOptions): Promise<FailoverResult> {
  const partitions = options.partitions ?? 4;
  const waitMs = options.waitMs ?? 60_000;
  const prefix = `f${randomBytes(4).toString('hex')}.`;
  const topic = 'failover.tested';
  const config = {
    brokers: options.brokers,
    prefix,
    group: `failover.${randomBytes(4).toString('hex')}`,
    topic,
    partitions,
    tuning: options.tuning,
  };
  const producer = new KafkaBroker(
    { brokers: options.brokers, clientId: 'failover-producer', topicPrefix: prefix, partitions },
    createLogger({ level: 'silent' }),
  );
  await producer.ensureTopics([topic]);
  const keys = Array.from({ length: 8 * partitions }, (_, i) => `key-${i}`);
  const produced: { id: string; key: string; at: number; round: number }[] = [];
  let round = 0;
  let producing = true;
  const members = [new Member(options.childScript, config), new Member(options.childScript, config)];
  const [doomed, survivor] = members as [Member, Member];
  const describe = () =>
    `produced ${produced.length}; handled ${members.map((m) => m.handled.length).join(' + ')}; ${members.map((m) => m.stderr).join('')}`;
  const loop = (async () => {
    while (producing) {
      round++;
      const at = Date.now();
      const events = keys.map((key): CloudEvent => {
        const id = randomUUID();
        produced.push({ id, key, at, round });
        return {
          specversion: '1.0',
          id,
          source: 'failover',
          type: topic,
          subject: key,
          time: new Date(at).toISOString(),
          datacontenttype: 'application/json',
          dataschema: 'urn:coordina:failover',
          data: { round },
        };
      });
      await producer.append(events);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    await eventually(async () => members.every((m) => m.ready) || undefined, waitMs).catch((err: Error) => {
      throw new Error(`the members never joined: ${err.message}; ${describe()}`);
    });
    // A settled split: one round handled completely, each member owning some partitions.
    const owners = await eventually(async () => {
      const handledBy = new Map<string, Member>();
      for (const m of members) for (const h of m.handled) handledBy.set(h.id, m);
      for (let r = round - 1; r > 0; r--) {
        const events = produced.filter((e) => e.round === r);
        if (!events.every((e) => handledBy.has(e.id))) continue;
        const owner = new Map<number, Member>();
        for (const m of members) for (const h of m.handled) if (events.some((e) => e.id === h.id)) owner.set(h.p, m);
        const split = members.every((m) => [...owner.values()].includes(m));
        return split && owner.size === partitions ? owner : undefined;
      }
      return undefined;
    }, waitMs).catch((err: Error) => {
      const seen = members.map((m) => [...new Set(m.handled.slice(-50).map((h) => h.p))].join(','));
      throw new Error(
        `the members never shared the partitions: ${err.message}; last partitions ${seen.join(' / ')}; ${describe()}`,
      );
    });
    const deadPartitions = [...owners].filter(([, m]) => m === doomed).map(([p]) => p);
    const survivorPartitions = [...owners].filter(([, m]) => m === survivor).map(([p]) => p);
    const partitionOf = new Map<string, number>();
    for (const m of members) for (const h of m.handled) partitionOf.set(h.key, h.p);
    const stoppedAt = Date.now();
    doomed.signal(options.signal ?? 'SIGKILL');
    // The survivor takes every dead partition over while events keep coming.
    const firstMoved = await eventually(async () => {
      const first = new Map<number, number>();
      for (const h of survivor.handled) {
        if (h.t >= stoppedAt && deadPartitions.includes(h.p) && !first.has(h.p)) first.set(h.p, h.t);
      }
      return first.size === deadPartitions.length ? first : undefined;
    }, waitMs).catch((err: Error) => {
      throw new Error(`the survivor never took partitions ${deadPartitions} over: ${err.message}; ${describe()}`);
    });
    await eventually(async () => doomed.exited || undefined, waitMs);
    producing = false;
    await loop;
    // Nothing lost: every event was handled, by the dead member before it died or by the survivor.
    const byDoomed = new Set(doomed.handled.map((h) => h.id));
    const bySurvivor = new Set<string>();
    const lost = () => {
      for (const h of survivor.handled) bySurvivor.add(h.id);
      return produced.filter((e) => !byDoomed.has(e.id) && !bySurvivor.has(e.id));
    };
    await eventually(async () => lost().length === 0, waitMs).catch(() => {
      const missing = lost();
      throw new Error(
        `${missing.length} events never handled (${missing.slice(0, 3).map((e) => e.key)}); ${describe()}`,
      );
    });
    const moved = produced.filter((e) => e.at >= stoppedAt && deadPartitions.includes(partitionOf.get(e.key) ?? -1));
    const notBySurvivor = moved.filter((e) => !bySurvivor.has(e.id));
    if (notBySurvivor.length > 0)
      throw new Error(`${notBySurvivor.length} events of the dead partitions were not handled by the survivor`);
    return {
      deadPartitions,
      survivorPartitions,
      produced: produced.length,
      movedEvents: moved.length,
      movedAfterMs: Math.max(...[...firstMoved.values()].map((t) => t - stoppedAt)),
      leaveMs: doomed.leaveMs,
    };
  } finally {
    producing = false;
    await loop.catch(() => undefined);
    await Promise.all(members.map((m) => m.stop()));
    await producer.close();
  }
}

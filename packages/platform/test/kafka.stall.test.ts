import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import type { CloudEvent } from '../src/contracts/cloud-event';
import { createLogger } from '../src/observability/logger';
import { eventually } from '../src/testing/start-test-app';
import { KafkaBroker, type StallTuning } from '../src/transport/kafka.broker';
import { brokers } from './kafka.brokers';

const childScript = join(__dirname, 'kafka-consumer.child.js');

/**
 * The subscription watchdog (decision 0049). The stall switch makes the member's stream stop
 * fetching after a few records, with no error, as a client library that lost its way after a
 * broker restart did once in CI: the watchdog must see records waiting on its partitions,
 * say so, rejoin, and handle every event.
 */
async function stalled(stall: string, tuning: StallTuning = {}, logged?: RegExp): Promise<string> {
  const prefix = `s${randomBytes(4).toString('hex')}.`;
  const topic = 'stall.tested';
  const config = {
    brokers: brokers(),
    prefix,
    group: `stall.${randomBytes(4).toString('hex')}`,
    topic,
    partitions: 2,
    stall: { afterMs: 2000, commitTimeoutMs: 3000, ...tuning },
  };
  const producer = new KafkaBroker(
    { brokers: brokers(), clientId: 'stall-producer', topicPrefix: prefix, partitions: 2 },
    createLogger({ level: 'silent' }),
  );
  const child = spawn(process.execPath, [childScript], {
    env: { ...process.env, COORDINA_FAILOVER_CHILD: JSON.stringify(config), COORDINA_TEST_STALL: stall },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  let ready = false;
  const handled = new Set<string>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = JSON.parse(line) as { ready?: boolean; id?: string };
    if (m.ready) ready = true;
    else if (m.id) handled.add(m.id);
  });
  try {
    await producer.ensureTopics([topic]);
    await eventually(async () => ready || undefined, 60_000);
    const ids: string[] = [];
    const send = async (count: number): Promise<void> => {
      for (let n = 0; n < count; n++) {
        const id = randomUUID();
        const i = ids.push(id);
        const event: CloudEvent = {
          specversion: '1.0',
          id,
          source: 'stall',
          type: topic,
          subject: `key-${i}`,
          time: new Date().toISOString(),
          datacontenttype: 'application/json',
          dataschema: 'urn:coordina:stall',
          data: { i },
        };
        // One at a time, so that the member commits several times.
        await producer.append([event]);
      }
    };
    const allHandled = (until: () => boolean) =>
      eventually(async () => ids.every((id) => handled.has(id)) && until(), 90_000).catch((err: Error) => {
        throw new Error(
          `${err.message}: handled ${handled.size} of ${ids.length}; member's log:\n${stderr.slice(-3000)}`,
        );
      });
    await send(20);
    // Until every event is handled and, when asked, the member's log says `logged`.
    await allHandled(() => !logged || logged.test(stderr));
    // Then the member, whatever it went through, still handles what comes next.
    await send(5);
    await allHandled(() => true);
    return stderr;
  } finally {
    child.kill('SIGKILL');
    await producer.close();
  }
}

/**
 * The subscription watchdog (decision 0049). The stall switch breaks a member without an
 * error, as the client library did once in CI after a broker restart: the watchdog must say
 * why, rejoin, and every event must be handled.
 */
describe('Kafka subscription watchdog', () => {
  it('rejoins a subscription whose stream stopped fetching without an error, and handles every event', async () => {
    const log = await stalled('consumer.fetch:5');
    assert.match(log, /kafka subscription stalled: its partitions have records it did not receive/);
    assert.match(log, /"reason":"stalled with records waiting on [^"]*stall\.tested:\d/);
  });

  it('rejoins a subscription whose offset commit never settles (the stall seen at a broker kill)', async () => {
    // Commits are pipelined (decision 0110): the events may all be handled before the hung commit's
    // deadline, so the wait is for the rejoin as well.
    const reason = /"reason":"an offset commit did not settle in 3 s"/;
    const log = await stalled('consumer.commit:0', {}, reason);
    assert.match(log, reason);
  });

  it('abandons a rejoin that never settles and joins afresh (decision 0141)', async () => {
    // The hung commit makes the member rejoin; that join (its second) hangs with no error, as one
    // left waiting on a broker that was killed: only the join's deadline can notice.
    const abandoned = /joining the group did not settle in 3 s/;
    const log = await stalled('consumer.commit:0,consumer.join:1', { joinTimeoutMs: 3000 }, abandoned);
    assert.match(log, /"reason":"an offset commit did not settle in 3 s"/);
    assert.match(log, /kafka consumer restart failed; retrying/);
  });

  it('keeps handling a partition while its offset commit has not settled (commits pipelined, decision 0110)', async () => {
    // The first commit never settles, and the member would rejoin only after 60 s: every event
    // handled without a rejoin means no batch waited for that commit.
    const log = await stalled('consumer.commit:0', { commitTimeoutMs: 60_000 });
    assert.doesNotMatch(log, /rejoining its group/);
  });
});

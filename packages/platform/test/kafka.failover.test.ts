import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { consumerFailover } from '../src/testing/kafka-failover';
import { brokers } from './kafka.brokers';

const childScript = join(__dirname, 'kafka-consumer.child.js');

describe('Kafka consumer failover', () => {
  it('moves the partitions of a killed member to the survivor, losing no event', async () => {
    const r = await consumerFailover({ brokers: brokers(), childScript, signal: 'SIGKILL' });
    assert.ok(r.deadPartitions.length > 0 && r.survivorPartitions.length > 0);
    assert.ok(r.movedEvents > 0, 'events kept coming on the dead partitions after the kill');
    console.log(
      `killed member's partitions ${r.deadPartitions} moved after ${(r.movedAfterMs / 1000).toFixed(1)} s (measured: npm run bench -- failover)`,
    );
  });

  it('hands the partitions of a stopping member over when it leaves, without waiting for its session to expire', async () => {
    // Sessions longer than any wait here: only the member's leave can move its partitions.
    const tuning = { sessionTimeoutMs: 600_000, rebalanceTimeoutMs: 600_000, heartbeatIntervalMs: 1000 };
    const r = await consumerFailover({ brokers: brokers(), childScript, signal: 'SIGTERM', tuning });
    assert.ok(r.deadPartitions.length > 0 && r.movedEvents > 0);
    assert.ok(r.leaveMs !== undefined, 'the member reported that it left');
  });
});

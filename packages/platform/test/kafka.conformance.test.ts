import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { createLogger } from '../src/observability/logger';
import { eventually } from '../src/testing/start-test-app';
import { transportConformance } from '../src/testing/transport-conformance';
import { KafkaBroker } from '../src/transport/kafka.broker';
import { brokers } from './kafka.brokers';

const made: KafkaBroker[] = [];

transportConformance('Apache Kafka', {
  async create() {
    const broker = new KafkaBroker(
      {
        brokers: brokers(),
        clientId: 'conformance',
        topicPrefix: `t${randomBytes(4).toString('hex')}.`,
        partitions: 4,
      },
      createLogger({ level: 'silent' }),
    );
    made.push(broker);
    return broker;
  },
});

describe('Kafka namespaces', () => {
  it('puts consumer groups in the namespace of the topics, so deployments on one cluster never share a group', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}.`;
    const broker = new KafkaBroker(
      { brokers: brokers(), clientId: 'namespaces', topicPrefix: prefix, partitions: 1 },
      createLogger({ level: 'silent' }),
    );
    const group = `ns.${randomBytes(4).toString('hex')}`;
    const sub = await broker.subscribe(group, ['ns.tested'], async () => undefined);
    const admin = new Admin({ clientId: 'namespaces-admin', bootstrapBrokers: brokers() });
    try {
      const groups = await eventually(async () => {
        const found = await admin.listGroups();
        return found.has(`${prefix}${group}`) ? found : undefined;
      });
      assert.equal(groups.has(group), false, 'no group outside the namespace');
    } finally {
      await sub.stop();
      await broker.close();
      await admin.close();
    }
  });
});

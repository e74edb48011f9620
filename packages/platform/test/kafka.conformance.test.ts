import { randomBytes } from 'node:crypto';
import { createLogger } from '../src/observability/logger';
import { transportConformance } from '../src/testing/transport-conformance';
import { KafkaBroker } from '../src/transport/kafka.broker';

function brokers(): string[] {
  const list = process.env.COORDINA_TEST_KAFKA_BROKERS;
  if (!list)
    throw new Error('COORDINA_TEST_KAFKA_BROKERS is not set: run the tests with `npm test`, which starts Kafka');
  return list.split(',');
}

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

/** The test Kafka's brokers, which `npm test` (coordina test) starts and passes on. */
export function brokers(): string[] {
  const list = process.env.COORDINA_TEST_KAFKA_BROKERS;
  if (!list)
    throw new Error('COORDINA_TEST_KAFKA_BROKERS is not set: run the tests with `npm test`, which starts Kafka');
  return list.split(',');
}

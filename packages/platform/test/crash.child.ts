import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/runtime/config.loader';
import { CoordinaApp } from '../src/runtime/coordina.app';
import { crashService } from './crash.service';

/**
 * The process the crash-point tests kill (crash-points.test.ts): the crash fixture service on
 * the PostgreSQL log or, with CRASH_KAFKA_BROKERS, on Kafka. Its databases (CRASH_DB_PREFIX)
 * and Kafka namespace (CRASH_KAFKA_PREFIX) are the test's, so a restart finds what the killed
 * process left. Prints {"port":N} once it serves; COORDINA_TEST_CRASH arms a crash point. The tests
 * end it with SIGKILL too: nothing it holds needs a clean stop.
 */
async function main(): Promise<void> {
  const env = process.env;
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const brokers = env.CRASH_KAFKA_BROKERS;
  const config = loadConfig(
    {
      mode: 'embedded',
      port: 0,
      host: '127.0.0.1',
      postgresUrl: need('COORDINA_TEST_PG_URL'),
      dbPrefix: need('CRASH_DB_PREFIX'),
      jwtSecret: randomBytes(32).toString('hex'),
      webhookSecrets: { sandbox: `whsec_${randomBytes(16).toString('hex')}`, stripe: '' },
      seedDemo: false,
      logLevel: env.LOG_LEVEL ?? 'warn',
      kafka: brokers
        ? {
            brokers: brokers.split(','),
            partitions: 4,
            replicationFactor: 1,
            topicPrefix: need('CRASH_KAFKA_PREFIX'),
            group: {},
          }
        : undefined,
    },
    {},
  );
  const app = await CoordinaApp.boot({ config, services: [crashService] });
  const port = await app.listen();
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

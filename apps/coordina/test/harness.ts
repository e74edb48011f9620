import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEMO_PASSWORD } from '@coordina/platform';
import type { TestFetchInit, TestResponse } from '@coordina/platform/testing';
import { startTestApp, testFetch, testPostgresUrl, uniquePrefix } from '@coordina/platform/testing';
import { allServices } from '../src/services.registry';
import { Topology } from '../src/topology';

/** What an end-to-end scenario needs from a running product, whatever its topology. */
export interface Product {
  readonly name: 'embedded' | 'distributed';
  readonly demoPassword: string;
  fetch(path: string, init?: TestFetchInit): Promise<TestResponse>;
  close(): Promise<void>;
  topology?: Topology;
}

const testConfig = { holdTimeoutMs: 8000, cancellationWindowHours: 24 };

export async function embedded(): Promise<Product> {
  const app = await startTestApp({ services: allServices, config: { seedDemo: true, booking: testConfig } });
  return { name: 'embedded', demoPassword: app.config.demoPassword, fetch: app.fetch, close: app.close };
}

export function testKafkaBrokers(): string[] {
  const list = process.env.COORDINA_TEST_KAFKA_BROKERS;
  if (!list)
    throw new Error('COORDINA_TEST_KAFKA_BROKERS is not set: run the tests with `npm test`, which starts Kafka');
  return list.split(',');
}

/** The distributed topology: one process per service, Kafka, Redis, two gateways behind nginx. */
export async function distributed(
  options: { ownKafka?: boolean; instances?: Record<string, number> } = {},
): Promise<Product> {
  const topology = new Topology({
    dir: mkdtempSync(join(tmpdir(), 'coordina-up-')),
    postgresUrl: testPostgresUrl(),
    kafkaBrokers: options.ownKafka ? undefined : testKafkaBrokers(),
    dbPrefix: uniquePrefix(),
    seedDemo: true,
    instances: options.instances,
    env: {
      BOOKING_HOLD_TIMEOUT_MS: '20000',
      SANDBOX_WEBHOOK_DELAY_MS: '20',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  });
  try {
    await topology.start();
  } catch (err) {
    await topology.stop();
    throw err;
  }
  return {
    name: 'distributed',
    demoPassword: DEFAULT_DEMO_PASSWORD,
    fetch: (path, init) => testFetch(topology.url, path, init),
    close: () => topology.stop(),
    topology,
  };
}

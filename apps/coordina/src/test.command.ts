import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '@coordina/platform';
import { KafkaServer } from './kafka.server';
import { ensureBinary, ensureHelm } from './system-packages';

const TEST_GLOBS = [
  'packages/*/dist/test/**/*.test.js',
  'services/*/*/dist/test/**/*.test.js',
  'apps/*/dist/test/**/*.test.js',
];

/**
 * `coordina test`: starts the real servers the tests need (an embedded PostgreSQL here),
 * runs every test file with node's test runner, and stops them. A server that cannot start
 * fails the run with the reason.
 */
export async function testCommand(args: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-test-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { durable: false, persistent: false });
  const kafka = new KafkaServer(join(dir, 'kafka'));
  let url: string;
  let brokers: string[];
  let helm: string;
  try {
    // Servers the tests start themselves must be installed first.
    ensureBinary('redis-server');
    ensureBinary('nginx');
    helm = ensureHelm();
    [url, brokers] = await Promise.all([pg.start(), kafka.start()]);
  } catch (err) {
    console.error(
      'coordina test: could not install or start what the tests need (PostgreSQL, Kafka, Redis, nginx, helm):',
      err,
    );
    await Promise.allSettled([pg.stop(), kafka.stop()]);
    return 1;
  }
  console.log(`coordina test: PostgreSQL ${url}, Kafka ${brokers.join(',')}`);
  const files = args.length > 0 ? args : TEST_GLOBS;
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          COORDINA_TEST_PG_URL: url,
          COORDINA_TEST_KAFKA_BROKERS: brokers.join(','),
          COORDINA_TEST_HELM: helm,
        },
      },
    );
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
  });
  await Promise.allSettled([pg.stop(), kafka.stop()]);
  rmSync(dir, { recursive: true, force: true });
  return code;
}

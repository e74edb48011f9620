import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, globSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedPostgresServer } from '@coordina/platform/runtime';
import { KafkaServer } from './kafka.server';
import { ensureMotoServer, ensureSchemathesis } from './python-tools';
import { ensureBinary, ensureHelm } from './system-packages';

const ROOT = resolve(__dirname, '../../../..');
const TEST_GLOBS = [
  'packages/*/dist/test/**/*.test.js',
  'services/*/*/dist/test/**/*.test.js',
  'apps/*/dist/test/**/*.test.js',
];

/**
 * The compiled test files whose TypeScript source still exists: `tsc -b` never deletes the
 * output of a removed or renamed test, which would otherwise run on against stale code.
 */
export function compiledTests(root = ROOT): string[] {
  return TEST_GLOBS.flatMap((g) => globSync(g, { cwd: root }))
    .filter((f) => existsSync(join(root, f.replace('/dist/test/', '/test/').replace(/\.js$/, '.ts'))))
    .sort();
}

/**
 * `coordina test [files...]`: starts the real servers the tests need (PostgreSQL and Kafka;
 * Redis, nginx, ffmpeg, helm, schemathesis and moto are installed for the tests that use them), runs the test files
 * with node's test runner (two at a time, each file's time printed at the end), and stops
 * everything, also on Ctrl-C or SIGTERM. A server that cannot start fails the run with its log.
 *
 * The tests get their own TMPDIR inside the run's folder: what they leave there (topologies'
 * databases and logs, the test apps' warnings in `logs/`, browser profiles, mailboxes) is removed when every test passed and kept,
 * with its path printed, when one failed. Repeated runs no longer fill the disk.
 */
export async function testCommand(args: string[]): Promise<number> {
  const portsDir = process.env.COORDINA_PORTS_DIR ?? join(tmpdir(), 'coordina-ports');
  const dir = mkdtempSync(join(tmpdir(), 'coordina-test-'));
  const testsTmp = join(dir, 'tmp');
  mkdirSync(testsTmp);
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { durable: false, persistent: false });
  // A SASL_SSL listener beside the plaintext one, for the transport security tests.
  const kafka = new KafkaServer(join(dir, 'kafka'), { saslSsl: true });
  let child: ChildProcess | undefined;
  let interrupted: NodeJS.Signals | undefined;
  const cleanup = async (failed = false) => {
    await Promise.allSettled([pg.stop(), kafka.stop()]);
    const kept = removeRunFiles(dir, failed);
    if (kept)
      console.error(
        `coordina test: a test failed; the files the tests left are kept in ${kept} (test apps' warnings and errors: ${kept}/logs)`,
      );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    process.stderr.write(`\ncoordina test: ${signal}, stopping the tests and the servers they use...\n`);
    // The test runner and everything it started (topologies, Redis, nginx) are one process group.
    if (child?.pid) killGroup(child.pid, 'SIGTERM', 15_000);
    else void cleanup().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let url: string;
  let brokers: string[];
  let helm: string;
  let schemathesis: string;
  let motoServer: string;
  try {
    // Servers the tests start themselves must be installed first.
    ensureBinary('redis-server');
    ensureBinary('nginx');
    ensureBinary('chromium');
    ensureBinary('ffmpeg');
    helm = ensureHelm();
    schemathesis = ensureSchemathesis();
    motoServer = ensureMotoServer();
    [url, brokers] = await Promise.all([pg.start(), kafka.start()]);
  } catch (err) {
    console.error(
      'coordina test: could not install or start what the tests need (PostgreSQL, Kafka, Redis, nginx, Chromium, ffmpeg, helm, schemathesis, moto):',
      err instanceof Error ? err.message : err,
    );
    await cleanup();
    return 1;
  }
  if (interrupted) {
    await cleanup();
    return 130;
  }
  console.log(`coordina test: PostgreSQL ${url}, Kafka ${brokers.join(',')}`);
  const files = args.length > 0 ? args : compiledTests();
  const reporter = join(__dirname, 'test-reporter.js');
  const code = await new Promise<number>((resolve) => {
    child = spawn(
      process.execPath,
      [
        '--test',
        '--test-concurrency=2',
        '--test-timeout=600000',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${reporter}`,
        '--test-reporter-destination=stdout',
        ...files,
      ],
      {
        stdio: 'inherit',
        detached: true,
        env: {
          ...process.env,
          TMPDIR: testsTmp,
          // Port reservations stay machine-wide: other runs and `coordina up` share them.
          COORDINA_PORTS_DIR: portsDir,
          COORDINA_TEST_PG_URL: url,
          COORDINA_TEST_KAFKA_BROKERS: brokers.join(','),
          COORDINA_TEST_KAFKA_SASL_SSL: JSON.stringify(kafka.saslSsl),
          COORDINA_TEST_HELM: helm,
          COORDINA_TEST_SCHEMATHESIS: schemathesis,
          COORDINA_TEST_MOTO_SERVER: motoServer,
          // Every success answer is checked against its route contract (http/endpoint.ts).
          COORDINA_CHECK_RESPONSES: '1',
        },
      },
    );
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
  });
  // Interrupted: whatever the tests started and did not stop in time goes with the runner.
  if (interrupted && child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // nothing left
    }
  }
  await cleanup(code !== 0 && !interrupted);
  return interrupted ? 130 : code;
}

/**
 * Removes a test run's folder: all of it when the run passed; when it failed, only the shared
 * servers' data, keeping what the tests left in `tmp` (their topologies' logs and databases)
 * for whoever looks into the failure. Returns the kept folder, if any.
 */
export function removeRunFiles(dir: string, failed: boolean): string | undefined {
  const testsTmp = join(dir, 'tmp');
  if (!failed || !existsSync(testsTmp)) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  for (const entry of readdirSync(dir)) {
    if (entry !== 'tmp') rmSync(join(dir, entry), { recursive: true, force: true });
  }
  return testsTmp;
}

/** Signals a process group, and SIGKILLs what is left of it after `graceMs`. */
function killGroup(pid: number, signal: NodeJS.Signals, graceMs: number): void {
  try {
    process.kill(-pid, signal);
  } catch {
    return;
  }
  setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs).unref();
}

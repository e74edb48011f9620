import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Progress } from './progress';
import { Topology } from './topology';

/**
 * `coordina up [--port P] [--data-dir DIR] [--demo]`: the distributed topology on this
 * machine: Kafka (KRaft), PostgreSQL with a database per service, Redis, every service in
 * its own process, two gateways behind nginx. Ctrl-C stops everything.
 */
export async function upCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' } },
  });
  const dir = resolve(values['data-dir'] ?? '.coordina/up');
  const progress = new Progress();
  const topology = new Topology({
    dir,
    port: values.port ? Number.parseInt(values.port, 10) : 8080,
    seedDemo: values.demo === true,
    instances: { 'instudio-booking': 2, 'musicfest-ticketing': 2 },
    // Without SMTP_URL the emails (sign-in codes, tickets) are written here.
    env: process.env.SMTP_URL ? {} : { COORDINA_MAIL_DIR: join(dir, 'mail') },
    supervise: true,
    progress: (step, done) => progress.step(step, done),
  });
  let stopping = false;
  const stop = async () => {
    // A terminal's Ctrl-C may arrive twice (to this process and through a wrapper): stop once.
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping...\n');
    await topology.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    const url = await topology.start();
    const lines = [
      '',
      `Coordina is running distributed (logs in ${dir})`,
      `  nginx (entry)  ${url}/api/...   docs ${url}/docs`,
      ...topology.gateways.map(
        (g, i) => `  gateway #${i}     http://127.0.0.1:${g.port}  (metrics http://127.0.0.1:${g.metricsPort}/metrics)`,
      ),
      ...topology.instances.map(
        (i) =>
          `  ${i.proc.name.padEnd(24)} http://127.0.0.1:${i.port}  (log ${join(dir, `${i.proc.name.replace('#', '-')}.log`)})`,
      ),
      `  redis          redis://127.0.0.1:${topology.redisPort}`,
      process.env.SMTP_URL ? `  emails         ${process.env.SMTP_URL}` : `  emails         ${join(dir, 'mail')}/*.eml`,
      values.demo ? '  demo accounts seeded (see README)' : '  no demo data (pass --demo to seed it)',
      'Press Ctrl-C to stop.',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    process.stderr.write(`coordina up: ${String(err)}\n`);
    await topology.stop();
    return 1;
  }
  return -1;
}

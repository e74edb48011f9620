import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoordinaApp, EmbeddedPostgresServer, loadConfig } from '@coordina/platform';
import { Progress } from './progress';
import { allServices } from './services.registry';

/**
 * `coordina start [--port P] [--data-dir DIR]`: the whole product in one process on the
 * embedded default (PostgreSQL from npm, the PostgreSQL log as event transport).
 */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      host: { type: 'string' },
    },
  });
  const port = values.port === undefined ? undefined : Number.parseInt(values.port, 10);
  if (port !== undefined && !(port >= 0 && port < 65536)) throw new Error(`--port: invalid port ${values.port}`);
  const config = loadConfig({ mode: 'embedded', port, dataDir: values['data-dir'], host: values.host });
  // Without an SMTP server the product's emails (codes, reset links, tickets) land here.
  config.mailDir ??= join(config.dataDir, 'mail');
  const progress = new Progress();
  let pg: EmbeddedPostgresServer | undefined;
  const externalPg = values['database-url'] ?? process.env.DATABASE_URL;
  if (externalPg) config.postgresUrl = externalPg;
  else {
    const server = new EmbeddedPostgresServer(join(config.dataDir, 'pg'));
    pg = server;
    config.postgresUrl = await progress.run('PostgreSQL (embedded)', () => server.start());
  }
  const app = await CoordinaApp.boot({
    config,
    services: allServices,
    progress: (step, done) => progress.step(step, done),
  });
  const bound = await app.listen();
  if (config.publicUrl.endsWith(`:${config.port}`)) config.publicUrl = `http://127.0.0.1:${bound}`;
  printBanner(
    config.publicUrl,
    config.seedDemo ? config.demoPassword : undefined,
    config.dataDir,
    config.smtpUrl ?? `${config.mailDir}/*.eml`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await pg?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

function printBanner(url: string, demoPassword: string | undefined, dataDir: string, mail: string): void {
  const lines = [
    '',
    `Coordina is running (embedded default, data in ${dataDir})`,
    `  API gateway   ${url}/api/...`,
    `  API docs      ${url}/docs`,
    `  Health        ${url}/health`,
    `  Metrics       ${url}/metrics`,
    `  Emails        ${mail}`,
  ];
  if (demoPassword) {
    lines.push(
      `  Demo accounts (password from COORDINA_DEMO_PASSWORD, now: ${demoPassword})`,
      '    client@demo.coordina        client',
      '    salon-admin@demo.coordina   salon_admin',
      '    manager@demo.coordina       manager (MusicFest; its sign-in code arrives by email)',
      '    admin@demo.coordina         platform_admin',
    );
  }
  lines.push('Press Ctrl-C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

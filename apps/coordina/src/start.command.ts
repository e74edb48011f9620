import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PlatformConfig } from '@coordina/platform';
import { CoordinaApp, EmbeddedPostgresServer, isLoopback, loadConfig } from '@coordina/platform/runtime';
import { Progress } from './progress';
import { allServices } from './services.registry';
import { ensureBinary } from './system-packages';
import { webAppDir } from './web-app';

/**
 * `coordina start [--port P] [--data-dir DIR] [--host H]`: the whole product in one process on
 * the embedded default (PostgreSQL from npm, the PostgreSQL log as event transport). It listens
 * on 127.0.0.1 unless --host (or COORDINA_HOST) says otherwise; off loopback, demo accounts are
 * created only with a password of one's own (COORDINA_DEMO_PASSWORD).
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
  try {
    ensureBinary('ffmpeg');
  } catch (err) {
    // Chat media parks videos and sounds it cannot transcode; everything else works without it.
    console.warn(
      `coordina: ${err instanceof Error ? err.message : err} (chat videos and sounds will not be processed)`,
    );
  }
  let pg: EmbeddedPostgresServer | undefined;
  const externalPg = values['database-url'] ?? process.env.DATABASE_URL;
  if (externalPg) config.postgresUrl = externalPg;
  else {
    const server = new EmbeddedPostgresServer(join(config.dataDir, 'pg'));
    pg = server;
    await progress.run('PostgreSQL (embedded)', () => server.start());
    // Its Unix socket: the server is on this machine, and every query costs less (decision 0109).
    config.postgresUrl = server.localUrl;
  }
  const app = await CoordinaApp.boot({
    config,
    services: allServices,
    webDir: webAppDir(),
    progress: (step, done) => progress.step(step, done),
  });
  const bound = await app.listen();
  if (config.publicUrl.endsWith(`:${config.port}`)) config.publicUrl = `http://127.0.0.1:${bound}`;
  printBanner(
    config.publicUrl,
    existsSync(join(webAppDir(), 'index.html')),
    demoLines(config),
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

/** What the banner says of the demo accounts: never a password that came from the environment. */
function demoLines(config: PlatformConfig): string[] {
  if (!config.seedDemo) {
    return isLoopback(config.host) || process.env.COORDINA_SEED_DEMO
      ? []
      : [`  Demo accounts not created: listening on ${config.host}; set COORDINA_DEMO_PASSWORD to create them`];
  }
  return [
    config.demoPasswordFromEnv
      ? '  Demo accounts (password: the value of COORDINA_DEMO_PASSWORD)'
      : `  Demo accounts (password: ${config.demoPassword}; set COORDINA_DEMO_PASSWORD for another)`,
    '    client@demo.coordina        client',
    '    salon-admin@demo.coordina   salon_admin',
    '    manager@demo.coordina       manager (MusicFest; its sign-in code arrives by email)',
    '    admin@demo.coordina         platform_admin',
  ];
}

function printBanner(url: string, web: boolean, demo: string[], dataDir: string, mail: string): void {
  const lines = [
    '',
    `Coordina is running (embedded default, data in ${dataDir})`,
    web ? `  Web app       ${url}/` : '  Web app       not built (npm run build builds it)',
    `  API gateway   ${url}/api/...`,
    `  API docs      ${url}/docs`,
    `  Health        ${url}/health`,
    `  Metrics       ${url}/metrics`,
    `  Emails        ${mail}`,
    ...demo,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

import type { ServiceManifest } from '@coordina/platform';
import { CoordinaApp, loadConfig } from '@coordina/platform/runtime';
import { uniquePrefix } from '@coordina/platform/testing';

/** One service (or a few) booted alone in the bench's process, on the bench's PostgreSQL, without rate limits. */
export interface BenchServiceApp {
  app: CoordinaApp;
  config: ReturnType<typeof loadConfig>;
  /** Where it listens (http://127.0.0.1:port). */
  base: string;
  dbPrefix: string;
}

export async function bootBenchServices(
  pgUrl: string,
  services: ServiceManifest[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<BenchServiceApp> {
  const dbPrefix = uniquePrefix();
  const config = loadConfig(
    {
      mode: 'embedded',
      port: 0,
      host: '127.0.0.1',
      postgresUrl: pgUrl,
      dbPrefix,
      seedDemo: false,
      logLevel: 'warn',
      rateLimit: { perUserPerMinute: 100_000_000, perIpPerMinute: 100_000_000 },
    },
    {},
  );
  const app = await CoordinaApp.boot({ config, services, env });
  const port = await app.listen();
  // Where the services call themselves back (the payment sandbox's webhooks): the port just taken.
  config.port = port;
  config.publicUrl = `http://127.0.0.1:${port}`;
  return { app, config, base: config.publicUrl, dbPrefix };
}

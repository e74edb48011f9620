import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokens, internalCallerHeaders, MINTED_SIGN_IN, type Role, withDatabase } from '@coordina/platform';
import { DEFAULT_DEMO_PASSWORD, databaseName } from '@coordina/platform/runtime';
import type { TestFetchInit, TestResponse } from '@coordina/platform/testing';
import { startTestApp, testFetch, testPostgresUrl, uniquePrefix } from '@coordina/platform/testing';
import { allServices } from '../src/services.registry';
import { Topology } from '../src/topology';

/** What an end-to-end scenario needs from a running product, whatever its topology. */
export interface Product {
  readonly name: 'embedded' | 'distributed';
  readonly demoPassword: string;
  /** The entry point (gateway, or nginx in front of the gateways). */
  readonly url: string;
  fetch(path: string, init?: TestFetchInit): Promise<TestResponse>;
  close(): Promise<void>;
  /**
   * An access token for a synthetic user, signed with the deployment's key like identity's own:
   * load tests use it because registering hundreds of accounts from one IP hits the
   * per-IP registration limit.
   */
  mint(userId: string, roles?: Role[]): Promise<string>;
  /** The headers the platform's own callers send (internal-caller.ts): no per-IP limit. */
  readonly internalHeaders?: Record<string, string>;
  /** The key access tokens are signed with (the authorization matrix forges tokens around it). */
  readonly jwtSecret?: string;
  /** Where a service's database is (fault tests read the effects there). */
  databaseUrl(service: string): string;
  topology?: Topology;
}

/** Extra settings for a scenario: where emails go, environment for the services, rate limits. */
export interface ProductOptions {
  /** Deliver emails to this SMTP server (a test Mailbox). */
  smtpUrl?: string;
  /** Environment variables the services read (set in-process for the embedded topology). */
  env?: Record<string, string>;
  /** Per-IP requests per minute (tests send everything from 127.0.0.1). */
  perIpPerMinute?: number;
  /** Per-user requests per minute (embedded; 600 when only the per-IP limit is given). */
  perUserPerMinute?: number;
}

/** Booking's settings in the embedded product (the distributed one gets its own below). */
const testSettings = { BOOKING_HOLD_TIMEOUT_MS: '8000', BOOKING_CANCELLATION_WINDOW_HOURS: '24' };

function minter(secret: string, ttlSeconds = 3600) {
  const tokens = new AccessTokens(secret, ttlSeconds);
  return (userId: string, roles: Role[] = ['client']) =>
    tokens.sign({ id: userId, email: `${userId}@load.test`, roles, ...MINTED_SIGN_IN });
}

export async function embedded(options: ProductOptions = {}): Promise<Product> {
  for (const [k, v] of Object.entries(options.env ?? {})) process.env[k] = v;
  const app = await startTestApp({
    services: allServices,
    config: {
      seedDemo: true,
      ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
      ...(options.perIpPerMinute
        ? {
            rateLimit: {
              perUserPerMinute: options.perUserPerMinute ?? 600,
              perIpPerMinute: options.perIpPerMinute,
            },
          }
        : {}),
    },
    env: testSettings,
  });
  return {
    name: 'embedded',
    url: app.url,
    demoPassword: app.config.demoPassword,
    fetch: app.fetch,
    close: app.close,
    mint: minter(app.config.jwtSecret),
    internalHeaders: internalCallerHeaders(app.config),
    jwtSecret: app.config.jwtSecret,
    databaseUrl: (service) => withDatabase(testPostgresUrl(), databaseName(app.config.dbPrefix, service)),
  };
}

export function testKafkaBrokers(): string[] {
  const list = process.env.COORDINA_TEST_KAFKA_BROKERS;
  if (!list)
    throw new Error('COORDINA_TEST_KAFKA_BROKERS is not set: run the tests with `npm test`, which starts Kafka');
  return list.split(',');
}

/** The distributed topology: one process per service, Kafka, Redis, two gateways behind nginx. */
export async function distributed(
  options: { ownKafka?: boolean; ownPostgres?: boolean; instances?: Record<string, number> } & ProductOptions = {},
): Promise<Product> {
  const topology = new Topology({
    dir: mkdtempSync(join(tmpdir(), 'coordina-up-')),
    postgresUrl: options.ownPostgres ? undefined : testPostgresUrl(),
    postgresOwnGroup: false,
    kafkaBrokers: options.ownKafka ? undefined : testKafkaBrokers(),
    dbPrefix: uniquePrefix(),
    seedDemo: true,
    instances: options.instances,
    env: {
      BOOKING_HOLD_TIMEOUT_MS: '20000',
      SANDBOX_WEBHOOK_DELAY_MS: '20',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
      ...(options.perIpPerMinute ? { RATE_LIMIT_IP_PER_MINUTE: String(options.perIpPerMinute) } : {}),
      ...options.env,
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
    url: topology.url,
    demoPassword: DEFAULT_DEMO_PASSWORD,
    fetch: (path, init) => testFetch(topology.url, path, init),
    close: () => topology.stop(),
    mint: minter(topology.secrets.jwt),
    internalHeaders: internalCallerHeaders({ jwtSecret: topology.secrets.jwt }),
    jwtSecret: topology.secrets.jwt,
    databaseUrl: (service) => topology.databaseUrl(service),
    topology,
  };
}

/** The user id (`sub`) an access token was issued to. */
export function userIdOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub as string;
}

/** The ids of a listing's `items` (a GET answered 200, or the assertion names the path and the answer). */
export async function itemIds(p: Pick<Product, 'fetch'>, path: string): Promise<string[]> {
  const r = await p.fetch(path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return r.body.items.map((x: { id: string }) => x.id);
}

/**
 * A product known only by its entry point (`coordina start` as the browser tests run it): API
 * calls for a scenario's setup. It has no key to mint tokens with, so `mint` answers the one
 * token the scenario sets with `setProbe` (a signed-in user's).
 */
export function entryPoint(base: string, demoPassword: string): { p: Product; setProbe: (token: string) => void } {
  let probe = '';
  const p = {
    name: 'embedded',
    url: base,
    demoPassword,
    fetch: (path, init) => testFetch(base, path, init),
    mint: async () => probe,
    close: async () => undefined,
    databaseUrl: () => '',
  } satisfies Product;
  return {
    p,
    setProbe: (token) => {
      probe = token;
    },
  };
}

/** Signs a demo account in through the entry point; its access token. */
export async function signIn(p: Pick<Product, 'fetch' | 'demoPassword'>, email: string): Promise<string> {
  const login = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
  if (login.status !== 200) throw new Error(`sign-in of ${email} failed: ${login.status} ${login.text}`);
  return login.body.accessToken;
}

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger, Database, type PlatformConfig, withDatabase } from '@coordina/platform';
import { createRedis, KafkaBroker, loadConfig, reservePort } from '@coordina/platform/runtime';
import { eventually, testPostgresUrl } from '@coordina/platform/testing';
import pg from 'pg';
import type { SaslSslListener } from '../src/kafka.server';
import { startRedisServer } from '../src/redis.server';
import { makeTestCertificates } from '../src/test-certificates';

/**
 * Transport security (docs/decisions/0028-transport-security.md) against real servers: the
 * test Kafka's SASL_SSL listener (SCRAM-SHA-512), the test PostgreSQL with ssl=on, and a
 * redis-server speaking TLS only. Clients are configured as a deployment is, by environment.
 */
const dir = mkdtempSync(join(tmpdir(), 'coordina-tls-'));
const certs = makeTestCertificates(join(dir, 'ours'));
/** A CA that signed nothing the servers present: a client trusting only it must refuse them. */
const strangers = makeTestCertificates(join(dir, 'strangers'), 'stranger');
const log = createLogger({ level: 'silent' });
after(() => rmSync(dir, { recursive: true, force: true }));

/** An error's message with those of its causes, the library nests them deep. */
function reasons(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const nested = [(err as { cause?: unknown }).cause, ...((err as { errors?: unknown[] }).errors ?? [])];
  return [err.message, ...nested.filter((e) => e !== undefined).map(reasons)].join(' / ');
}

function config(env: NodeJS.ProcessEnv): PlatformConfig {
  return loadConfig({ mode: 'distributed' }, { JWT_SECRET: 'x'.repeat(32), SANDBOX_WEBHOOK_SECRET: 'x', ...env });
}

describe('transport security settings', () => {
  it('refuses settings that would fall back to plaintext or name a missing file, naming the variable', () => {
    const refused = (env: NodeJS.ProcessEnv, pattern: RegExp) => assert.throws(() => config(env), pattern);
    const kafka = { KAFKA_BROKERS: 'b:9096' };
    refused({ ...kafka, KAFKA_SSL: 'yes' }, /KAFKA_SSL must be true or false/);
    refused(
      { ...kafka, KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      /KAFKA_SSL=true/,
    );
    refused({ ...kafka, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'GSSAPI' }, /KAFKA_SASL_MECHANISM must be one of/);
    refused({ ...kafka, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' }, /KAFKA_SASL_USERNAME must be set/);
    refused({ ...kafka, KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_MECHANISM is not/);
    refused(
      { ...kafka, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'none.pem') },
      /KAFKA_SSL_CA_FILE: cannot read/,
    );
    refused({ ...kafka, KAFKA_SSL_CA_FILE: certs.caFile }, /KAFKA_SSL is not true/);
    refused({ ...kafka, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM' }, /AWS_REGION/);
    refused({ REDIS_URL: 'redis://r:6379', REDIS_TLS_CA_FILE: certs.caFile }, /rediss:\/\//);
    refused({ DATABASE_URL: 'postgres://p/db', PGSSLMODE: 'maybe' }, /sslmode .* must be one of/);
    refused({ DATABASE_URL: 'postgres://p/db?sslmode=verify-full&sslrootcert=/nowhere.pem' }, /sslrootcert/);
  });

  it('reads Kafka TLS, SASL, the MSK IAM mechanism, Redis TLS and PostgreSQL TLS from the environment', () => {
    const c = config({
      KAFKA_BROKERS: 'b-1.example:9096',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: certs.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'secret',
      REDIS_URL: 'rediss://cache.example:6379',
      DATABASE_URL: 'postgres://u:p@db.example:5432/booking',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: certs.caFile,
    });
    assert.deepEqual(c.kafka?.security?.sasl, { mechanism: 'SCRAM-SHA-512', username: 'svc', password: 'secret' });
    assert.match(c.kafka?.security?.tls?.ca ?? '', /BEGIN CERTIFICATE/);
    assert.deepEqual(c.redisTls, {});
    const db = new URL(withDatabase(c.postgresUrl, 'other'));
    assert.equal(db.searchParams.get('sslmode'), 'verify-full', "a service's database keeps the TLS settings");
    assert.equal(db.searchParams.get('sslrootcert'), certs.caFile);
    const msk = config({
      KAFKA_BROKERS: 'b:9098',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
      AWS_REGION: 'eu-west-1',
    });
    assert.deepEqual(msk.kafka?.security, { tls: {}, sasl: { mechanism: 'AWS_MSK_IAM', region: 'eu-west-1' } });
    const plain = config({ KAFKA_BROKERS: 'b:9092', REDIS_URL: 'redis://r:6379', DATABASE_URL: 'postgres://p/db' });
    assert.equal(plain.kafka?.security, undefined);
    assert.equal(plain.redisTls, undefined);
    assert.equal(plain.postgresUrl, 'postgres://p/db');
  });
});

describe('Kafka over SASL_SSL with SCRAM-SHA-512', () => {
  const listener = (): SaslSslListener => {
    const raw = process.env.COORDINA_TEST_KAFKA_SASL_SSL;
    if (!raw) throw new Error('COORDINA_TEST_KAFKA_SASL_SSL is not set: run the tests with `npm test`');
    return JSON.parse(raw) as SaslSslListener;
  };
  const broker = (overrides: NodeJS.ProcessEnv = {}) => {
    const l = listener();
    const c = config({
      KAFKA_BROKERS: l.brokers.join(','),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: l.caFile,
      KAFKA_SASL_MECHANISM: l.mechanism,
      KAFKA_SASL_USERNAME: l.username,
      KAFKA_SASL_PASSWORD: l.password,
      KAFKA_TOPIC_PREFIX: `tls${randomBytes(4).toString('hex')}.`,
      KAFKA_PARTITIONS: '1',
      ...overrides,
    });
    assert.ok(c.kafka);
    return new KafkaBroker({ ...c.kafka, clientId: 'tls' }, log);
  };

  it('produces and consumes through the platform broker configured by environment', async () => {
    const kafka = broker();
    const seen: string[] = [];
    const sub = await kafka.subscribe('tls.reader', ['tls.tested'], async (records) => {
      for (const r of records) seen.push(r.event.subject);
    });
    try {
      await kafka.append(
        ['a', 'b'].map((subject) => ({
          specversion: '1.0',
          id: crypto.randomUUID(),
          source: 'tls-test',
          type: 'tls.tested',
          subject,
          time: new Date().toISOString(),
          datacontenttype: 'application/json',
          dataschema: 'urn:coordina:tls.tested:1',
          data: {},
        })),
      );
      await eventually(async () => seen.length >= 2, 30_000);
      assert.deepEqual(seen, ['a', 'b']);
    } finally {
      await sub.stop();
      await kafka.close();
    }
  });

  it('is refused with a wrong password, and refuses a broker whose certificate its CA did not sign', async () => {
    const refused = async (env: NodeJS.ProcessEnv, why: RegExp) => {
      const kafka = broker(env);
      try {
        await assert.rejects(kafka.ensureTopics(['tls.refused']), (err: Error) => why.test(reasons(err)));
      } finally {
        await kafka.close();
      }
    };
    // Both at once: the client tries four times before it gives up.
    await Promise.all([
      refused({ KAFKA_SASL_PASSWORD: 'not-the-password' }, /SASL authentication failed/),
      refused({ KAFKA_SSL_CA_FILE: strangers.caFile }, /unable to verify the first certificate/),
    ]);
  });
});

describe('PostgreSQL over TLS', () => {
  const admin = () => new pg.Client({ connectionString: testPostgresUrl() });
  const settings = ['ssl', 'ssl_cert_file', 'ssl_key_file'];

  /** The shared test server turns TLS on for new connections (a reload); plaintext ones go on as before. */
  before(async () => {
    const c = admin();
    await c.connect();
    try {
      const dataDir = (await c.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory;
      const owner = statSync(dataDir ?? '');
      // The server runs as the owner of its data directory, which must read the key alone.
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'ours'), 0o755);
      for (const f of [certs.certFile, certs.keyFile]) chownSync(f, owner.uid, owner.gid);
      chmodSync(certs.keyFile, 0o600);
      await c.query(`ALTER SYSTEM SET ssl_cert_file = '${certs.certFile}'`);
      await c.query(`ALTER SYSTEM SET ssl_key_file = '${certs.keyFile}'`);
      await c.query('ALTER SYSTEM SET ssl = on');
      await c.query('SELECT pg_reload_conf()');
    } finally {
      await c.end();
    }
  });
  after(async () => {
    const c = admin();
    await c.connect();
    try {
      for (const s of settings) await c.query(`ALTER SYSTEM RESET ${s}`);
      await c.query('SELECT pg_reload_conf()');
    } finally {
      await c.end();
    }
  });

  const tlsUrl = (env: NodeJS.ProcessEnv) => {
    const url = new URL(testPostgresUrl());
    url.hostname = 'localhost';
    return config({ DATABASE_URL: url.toString(), ...env }).postgresUrl;
  };
  const sessionUsesTls = async (url: string): Promise<boolean> => {
    const db = new Database(url, { max: 1 });
    try {
      const c = await db.connect();
      try {
        const r = await c.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
        return r.rows[0]?.ssl === true;
      } finally {
        c.release();
      }
    } finally {
      await db.close();
    }
  };

  it('connects with verify-full against our CA, from PGSSLMODE and PGSSLROOTCERT or the URL', async () => {
    const fromEnv = tlsUrl({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: certs.caFile });
    assert.equal(await eventually(() => sessionUsesTls(fromEnv)), true);
    const fromUrl = `${testPostgresUrl().replace('127.0.0.1', 'localhost')}?sslmode=verify-full&sslrootcert=${certs.caFile}`;
    assert.equal(await sessionUsesTls(withDatabase(tlsUrl({ DATABASE_URL: fromUrl }), 'postgres')), true);
  });

  it('refuses a server whose certificate our CA did not sign', async () => {
    await eventually(() => sessionUsesTls(tlsUrl({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: certs.caFile })));
    const url = tlsUrl({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: strangers.caFile });
    await assert.rejects(sessionUsesTls(url), /certificate/);
  });
});

describe('Redis over TLS', () => {
  let port = 0;
  let server: Awaited<ReturnType<typeof startRedisServer>>;
  before(async () => {
    port = await reservePort();
    server = await startRedisServer(dir, port, { tls: certs });
  });
  after(async () => server.stop());

  const client = (env: NodeJS.ProcessEnv) => {
    const c = config({ REDIS_URL: `rediss://localhost:${port}`, ...env });
    return createRedis(c.redisUrl ?? '', { tls: c.redisTls });
  };

  it('talks to a TLS-only redis-server through a rediss:// URL verified against our CA', async () => {
    const redis = client({ REDIS_TLS_CA_FILE: certs.caFile });
    try {
      await eventually(async () => redis.status === 'ready');
      await redis.set('tls:key', 'value');
      assert.equal(await redis.get('tls:key'), 'value');
    } finally {
      redis.disconnect();
    }
  });

  it('never connects to a server its CA did not sign', async () => {
    const redis = client({ REDIS_TLS_CA_FILE: strangers.caFile });
    const errors: Error[] = [];
    redis.on('error', (err: Error) => errors.push(err));
    try {
      const err = await eventually(async () => errors.find((e) => /certificate/i.test(e.message)));
      assert.ok(err);
      assert.notEqual(redis.status, 'ready');
    } finally {
      redis.disconnect();
    }
  });
});

describe('the Helm chart', () => {
  it('passes the TLS and SASL settings to every pod, with the CA certificates mounted from their Secrets', () => {
    const helm = process.env.COORDINA_TEST_HELM;
    assert.ok(helm, 'COORDINA_TEST_HELM is not set: run the tests with `npm test`, which installs helm');
    const chart = join(__dirname, '../../../../deploy/helm/coordina');
    const set = [
      'kafka.tls.enabled=true',
      'kafka.tls.caSecret=events-cluster-ca-cert',
      'kafka.sasl.mechanism=SCRAM-SHA-512',
      'kafka.sasl.secret=coordina-kafka-user',
      'kafka.sasl.username=coordina',
      'redis.url=rediss://cache:6379',
      'redis.caSecret=cache-ca',
      'postgres.sslMode=verify-full',
      'postgres.caSecret=db-ca',
    ];
    const out = execFileSync(helm, ['template', 'rel', chart, ...set.flatMap((s) => ['--set', s])], {
      encoding: 'utf8',
    });
    const pods = out.split('\n---').filter((d) => /^kind: Deployment$/m.test(d));
    assert.ok(pods.length >= 9);
    for (const pod of pods) {
      for (const expected of [
        /name: KAFKA_SSL\n\s+value: "true"/,
        /name: KAFKA_SSL_CA_FILE\n\s+value: \/etc\/coordina\/tls\/kafka\/ca.crt/,
        /name: KAFKA_SASL_PASSWORD\n\s+valueFrom: \{ secretKeyRef: \{ name: coordina-kafka-user, key: password \} \}/,
        /name: REDIS_TLS_CA_FILE/,
        /name: PGSSLMODE\n\s+value: "verify-full"/,
        /name: PGSSLROOTCERT\n\s+value: \/etc\/coordina\/tls\/postgres\/ca.crt/,
        /name: kafka-ca, mountPath: \/etc\/coordina\/tls\/kafka/,
        /name: postgres-ca, secret: \{ secretName: db-ca/,
      ])
        assert.match(pod, expected);
    }
    const refused = () =>
      execFileSync(helm, ['template', 'rel', chart, '--set', 'kafka.sasl.mechanism=SCRAM-SHA-512'], { stdio: 'pipe' });
    assert.throws(refused, /kafka.sasl.username is needed/);
  });
});

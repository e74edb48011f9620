import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/**
 * Transport security of the distributed mode's connections (docs/decisions/0028-transport-security.md):
 * Kafka over TLS with SASL, PostgreSQL and Redis over TLS, all configured by environment.
 * A setting that names a missing file or an unknown value fails the start with the variable's
 * name, rather than falling back to plaintext.
 */

export const kafkaSaslMechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'AWS_MSK_IAM'] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

export interface KafkaSecurity {
  /** TLS to every broker; `ca` in PEM (the system's roots when absent). */
  tls?: { ca?: string };
  sasl?:
    | { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string }
    /** Amazon MSK's IAM access control, over SASL/OAUTHBEARER with a signed token. */
    | { mechanism: 'AWS_MSK_IAM'; region: string };
}

/** TLS to Redis (a `rediss://` URL); `ca` in PEM (the system's roots when absent). */
export interface RedisTls {
  ca?: string;
}

type Env = NodeJS.ProcessEnv;

function readPem(env: Env, name: string): string | undefined {
  const file = env[name];
  if (!file) return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${name}: cannot read ${file} (${(err as Error).message})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${name}: ${file} holds no PEM certificate`);
  return pem;
}

function required(env: Env, name: string, why: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} must be set ${why}`);
  return v;
}

/**
 * KAFKA_SSL=true (TLS; KAFKA_SSL_CA_FILE for a private CA), KAFKA_SASL_MECHANISM
 * (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD;
 * AWS_MSK_IAM with AWS_REGION). Undefined when none is set: plaintext, as before.
 */
export function kafkaSecurityFromEnv(env: Env): KafkaSecurity | undefined {
  const ssl = env.KAFKA_SSL;
  if (ssl !== undefined && ssl !== '' && ssl !== 'true' && ssl !== 'false')
    throw new Error(`KAFKA_SSL must be true or false, not ${JSON.stringify(ssl)}`);
  const ca = readPem(env, 'KAFKA_SSL_CA_FILE');
  if (ca && ssl !== 'true') throw new Error('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
  const tls = ssl === 'true' ? { ...(ca ? { ca } : {}) } : undefined;
  const mechanism = env.KAFKA_SASL_MECHANISM?.toUpperCase();
  if (!mechanism) {
    if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD)
      throw new Error('KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set but KAFKA_SASL_MECHANISM is not');
    return tls ? { tls } : undefined;
  }
  if (!(kafkaSaslMechanisms as readonly string[]).includes(mechanism))
    throw new Error(`KAFKA_SASL_MECHANISM must be one of ${kafkaSaslMechanisms.join(', ')}, not ${mechanism}`);
  // PLAIN sends the password as it is, and MSK answers IAM on its TLS listener only.
  if (!tls && (mechanism === 'PLAIN' || mechanism === 'AWS_MSK_IAM'))
    throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SSL=true`);
  if (mechanism === 'AWS_MSK_IAM') {
    const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('AWS_REGION must be set for KAFKA_SASL_MECHANISM=AWS_MSK_IAM');
    return { tls, sasl: { mechanism, region } };
  }
  const why = `for KAFKA_SASL_MECHANISM=${mechanism}`;
  return {
    ...(tls ? { tls } : {}),
    sasl: {
      mechanism: mechanism as 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
      username: required(env, 'KAFKA_SASL_USERNAME', why),
      password: required(env, 'KAFKA_SASL_PASSWORD', why),
    },
  };
}

/** REDIS_URL with `rediss://` is TLS; REDIS_TLS_CA_FILE names a private CA. */
export function redisTlsFromEnv(env: Env): RedisTls | undefined {
  const url = env.REDIS_URL;
  const ca = readPem(env, 'REDIS_TLS_CA_FILE');
  const tls = url?.startsWith('rediss://') ?? false;
  if (ca && !tls) throw new Error('REDIS_TLS_CA_FILE is set but REDIS_URL is not a rediss:// URL');
  return tls ? { ...(ca ? { ca } : {}) } : undefined;
}

const pgSslModes = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/**
 * DATABASE_URL with PostgreSQL's own environment folded in: PGSSLMODE and PGSSLROOTCERT
 * become `sslmode` and `sslrootcert` (node-postgres reads the CA file) unless the URL has
 * its own. The URL keeps them when a service's database name replaces the path.
 */
export function postgresUrlFromEnv(env: Env): string {
  const raw = env.DATABASE_URL ?? '';
  if (!raw) return raw;
  const url = new URL(raw);
  if (env.PGSSLMODE && !url.searchParams.has('sslmode')) url.searchParams.set('sslmode', env.PGSSLMODE);
  if (env.PGSSLROOTCERT && !url.searchParams.has('sslrootcert')) url.searchParams.set('sslrootcert', env.PGSSLROOTCERT);
  const mode = url.searchParams.get('sslmode');
  if (mode !== null && !pgSslModes.includes(mode))
    throw new Error(`sslmode (DATABASE_URL or PGSSLMODE) must be one of ${pgSslModes.join(', ')}, not ${mode}`);
  const root = url.searchParams.get('sslrootcert');
  if (root) readPem({ sslrootcert: root }, 'sslrootcert');
  if (url.searchParams.size === 0) return raw;
  return url.toString();
}

/**
 * Node's TLS sends no server name (SNI) unless told: proxies that route by it (Strimzi's
 * route and ingress listeners) need the host's name. An address is never sent (RFC 6066).
 */
export function serverName(host: string): string | undefined {
  return isIP(host) === 0 ? host : undefined;
}

/** A Redis client's TLS options for `url`, or undefined for plaintext. */
export function redisTlsOptions(
  url: string,
  tls: RedisTls | undefined,
): { ca?: string; servername?: string } | undefined {
  if (!tls && !url.startsWith('rediss://')) return undefined;
  const servername = serverName(new URL(url).hostname);
  return { ...(tls?.ca ? { ca: tls.ca } : {}), ...(servername ? { servername } : {}) };
}

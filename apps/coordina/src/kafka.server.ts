import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reservePort } from '@coordina/platform/runtime';
import { ManagedProcess, waitForPort } from './child.process';
import { makeTestCertificates, type TestCertificates } from './test-certificates';

const ROOT = resolve(__dirname, '../../../..');
const LIBS = join(ROOT, '.kafka', 'libs');

/** Fetches the Kafka broker jars from Maven Central once (deploy/kafka/pom.xml). */
export function ensureKafkaJars(): string {
  const have = existsSync(LIBS) ? readdirSync(LIBS) : [];
  // The logging binding came later: a copy without it is fetched again.
  if (['kafka_2.13', 'log4j-slf4j-impl'].every((jar) => have.some((f) => f.startsWith(jar)))) return LIBS;
  process.stdout.write('coordina: fetching Apache Kafka from Maven Central (once)...\n');
  execFileSync(
    'mvn',
    ['-q', '-f', join(ROOT, 'deploy/kafka/pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${LIBS}`],
    { stdio: 'inherit' },
  );
  return LIBS;
}

/** How clients reach a broker's SASL_SSL listener (the test command passes it on as JSON). */
export interface SaslSslListener {
  brokers: string[];
  /** The CA that signed the broker's certificate (PEM file). */
  caFile: string;
  mechanism: 'SCRAM-SHA-512';
  username: string;
  password: string;
}

/**
 * A single-node Apache Kafka 4 broker in KRaft mode, run with the machine's Java 17.
 * `saslSsl: true` adds a SASL_SSL listener beside the plaintext one, as a managed cluster
 * (MSK, Strimzi) has: a certificate from a CA made for it, and a SCRAM-SHA-512 user created
 * when the storage is formatted.
 */
export class KafkaServer {
  #proc: ManagedProcess | undefined;
  #port = 0;
  #securePort = 0;
  #secure: { certificates: TestCertificates; username: string; password: string } | undefined;

  constructor(
    private readonly dir: string,
    private readonly options: { saslSsl?: boolean } = {},
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.#port}`];
  }

  /** The SASL_SSL listener, when the broker was started with one. */
  get saslSsl(): SaslSslListener | undefined {
    if (!this.#secure) return undefined;
    const { certificates, username, password } = this.#secure;
    return {
      brokers: [`127.0.0.1:${this.#securePort}`],
      caFile: certificates.caFile,
      mechanism: 'SCRAM-SHA-512',
      username,
      password,
    };
  }

  #controller = 0;

  /** Starts the broker; a restart keeps its ports and data. */
  async start(port?: number): Promise<string[]> {
    const libs = ensureKafkaJars();
    this.#port = port ?? (this.#port || (await reservePort()));
    this.#controller ||= await reservePort();
    const controller = this.#controller;
    mkdirSync(this.dir, { recursive: true });
    const props = join(this.dir, 'server.properties');
    const data = join(this.dir, 'data');
    if (this.options.saslSsl) {
      this.#securePort ||= await reservePort();
      this.#secure ??= {
        certificates: makeTestCertificates(join(this.dir, 'tls'), 'kafka'),
        username: 'coordina',
        password: randomBytes(12).toString('hex'),
      };
    }
    const secure = this.#secure;
    const secureListener = secure ? `,SASL_SSL://127.0.0.1:${this.#securePort}` : '';
    writeFileSync(
      props,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${controller}`,
        `listeners=PLAINTEXT://127.0.0.1:${this.#port}${secureListener},CONTROLLER://127.0.0.1:${controller}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${this.#port}${secureListener}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
        ...(secure
          ? [
              'sasl.enabled.mechanisms=SCRAM-SHA-512',
              'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
              'ssl.keystore.type=PEM',
              `ssl.keystore.location=${secure.certificates.keyAndCertFile}`,
            ]
          : []),
        `log.dirs=${data}`,
        'num.partitions=8',
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=8',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'group.min.session.timeout.ms=1000',
        'group.consumer.min.session.timeout.ms=1000',
        'group.consumer.session.timeout.ms=3000',
        'group.consumer.min.heartbeat.interval.ms=250',
        'group.consumer.heartbeat.interval.ms=500',
        'auto.create.topics.enable=false',
        '',
      ].join('\n'),
    );
    const cp = `${libs}/*`;
    if (!existsSync(join(data, 'meta.properties'))) {
      const scram = secure
        ? ['--add-scram', `SCRAM-SHA-512=[name=${secure.username},password=${secure.password}]`]
        : [];
      execFileSync('java', ['-cp', cp, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', props, ...scram], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    }
    this.#proc = new ManagedProcess(
      'kafka',
      'java',
      [
        '-Xms256m',
        '-Xmx768m',
        `-Dlog4j2.configurationFile=${join(ROOT, 'deploy/kafka/log4j2.properties')}`,
        '-cp',
        cp,
        'kafka.Kafka',
        props,
      ],
      process.env,
      join(this.dir, 'kafka.log'),
    );
    this.#proc.start();
    await waitForPort(this.#port, 60_000, 'kafka', this.#proc);
    return this.brokers;
  }

  get running(): boolean {
    return this.#proc?.running ?? false;
  }

  /**
   * Stops the broker: SIGTERM, and SIGKILL if it has not exited within 20 s (a controlled
   * shutdown waits for clients that may be gone). `kill` ends it abruptly, as a crash would.
   */
  async stop(kill = false): Promise<void> {
    await this.#proc?.stop(kill ? 'SIGKILL' : 'SIGTERM', 20_000);
  }
}

/**
 * A random cluster id (22 base64url characters). Like Kafka's own Uuid.randomUuid, never one
 * that starts with '-': the storage tool would read it as an option and fail (1 start in 64).
 */
function clusterId(): string {
  for (;;) {
    const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16)))
      .toString('base64url')
      .slice(0, 22);
    if (!id.startsWith('-')) return id;
  }
}

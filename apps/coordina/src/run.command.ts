import { parseArgs } from 'node:util';
import { createLogger } from '@coordina/platform';
import {
  addAcceptors,
  CoordinaApp,
  createGatewayServer,
  createRedis,
  loadConfig,
  RedisDiscovery,
  RequestPressure,
  rushListenOptions,
  SharedPressure,
} from '@coordina/platform/runtime';
import { allServices } from './services.registry';

/** How long a stopping service stays up after leaving discovery (gateways cache it for 500 ms). */
const DRAIN_MS = 1500;

/**
 * `coordina run <service|gateway> [--port P]`: one process of the distributed topology,
 * configured by environment (DATABASE_URL, KAFKA_BROKERS, REDIS_URL, JWT_SECRET, ...).
 * A service registers in discovery with a heartbeat; a gateway routes to healthy instances.
 */
export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' } },
  });
  const name = positionals[0] ?? process.env.COORDINA_SERVICE;
  const names = allServices.map((s) => s.name);
  if (!name || (name !== 'gateway' && !names.includes(name))) {
    process.stderr.write(`usage: coordina run <gateway|${names.join('|')}> [--port P]\n`);
    return 2;
  }
  const port = values.port === undefined ? undefined : Number.parseInt(values.port, 10);
  const config = loadConfig({ mode: 'distributed', port, host: values.host });
  if (!config.redisUrl) throw new Error('REDIS_URL must be set in distributed mode (discovery, rate limits, cache)');
  const log = createLogger({ level: config.logLevel, name });
  const redis = createRedis(config.redisUrl, { autoPipelining: name === 'gateway', tls: config.redisTls });
  const discovery = new RedisDiscovery(redis, log);
  // Gateways announce a rush of commands; every service's consumers give way to it.
  const commands = new RequestPressure();
  const pressure = new SharedPressure(redis, commands);
  let close: () => Promise<void>;
  if (name === 'gateway') {
    const gw = await createGatewayServer({ config, services: allServices, redis, discovery, log, pressure: commands });
    // A rush opens thousands of connections at once.
    await gw.listen(await rushListenOptions(config.port, config.host));
    await addAcceptors(gw.server, 7);
    pressure.announce();
    close = async () => {
      await gw.close();
    };
  } else {
    if (!config.postgresUrl) throw new Error('DATABASE_URL must be set in distributed mode');
    const manifest = allServices.find((s) => s.name === name);
    if (!manifest) return 2;
    const app = await CoordinaApp.boot({ config, services: [manifest], log, pressure: commands });
    const bound = await app.listen();
    await discovery.register(name, config.advertiseUrl ?? `http://127.0.0.1:${bound}`);
    pressure.follow();
    close = () => app.close();
  }
  log.info({ role: name, port: config.port }, 'ready');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    pressure.stop();
    // Drain: leave discovery first and give the gateways time to see it (their list is cached
    // for 500 ms), then close: the server finishes the requests in flight, consumers leave
    // their groups and commit, relays stop between batches.
    await discovery.stop();
    if (name !== 'gateway') await new Promise((r) => setTimeout(r, DRAIN_MS));
    await close();
    redis.disconnect();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1;
}

import { Redis } from 'ioredis';
import { type RedisTls, redisTlsOptions } from '../runtime/transport-security';

/**
 * A Redis client that fails fast while the server is down instead of queueing commands.
 * `autoPipelining` sends the commands issued in one event loop turn as one write (ioredis'
 * auto-pipelining): for a process whose every request issues commands of its own, like the
 * gateway (decision 0014). Commands still fail fast while the server is away. A `rediss://`
 * URL is TLS, verified against `tls.ca` or the system's roots (decision 0028).
 */
export function createRedis(url: string, options: { autoPipelining?: boolean; tls?: RedisTls } = {}): Redis {
  const tls = redisTlsOptions(url, options.tls);
  const redis = new Redis(url, {
    ...(tls ? { tls } : {}),
    enableAutoPipelining: options.autoPipelining ?? false,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  redis.on('error', () => undefined);
  return redis;
}

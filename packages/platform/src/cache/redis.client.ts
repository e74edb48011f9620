import { Redis } from 'ioredis';

/**
 * A Redis client that fails fast while the server is down instead of queueing commands.
 * `autoPipelining` sends the commands issued in one event loop turn as one write (ioredis'
 * auto-pipelining): for a process whose every request issues commands of its own, like the
 * gateway (decision 0014). Commands still fail fast while the server is away.
 */
export function createRedis(url: string, options: { autoPipelining?: boolean } = {}): Redis {
  const redis = new Redis(url, {
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

import { join } from 'node:path';
import { ManagedProcess, waitForPort } from './child.process';
import { ensureBinary } from './system-packages';

/** A redis-server on 127.0.0.1:`port` without persistence (data and log in `dir`), started and ready. */
export async function startRedisServer(dir: string, port: number): Promise<ManagedProcess> {
  const redis = new ManagedProcess(
    'redis',
    ensureBinary('redis-server'),
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    process.env,
    join(dir, 'redis.log'),
  );
  redis.start();
  await waitForPort(port, 10_000, 'redis', redis);
  return redis;
}

import { join } from 'node:path';
import { ManagedProcess, waitForPort } from './child.process';
import { ensureBinary } from './system-packages';

/**
 * A redis-server on 127.0.0.1:`port` without persistence (data and log in `dir`), started and
 * ready. With `tls`, the port speaks TLS only (the server's certificate and key, PEM files;
 * clients present none) and there is no plaintext port.
 */
export async function startRedisServer(
  dir: string,
  port: number,
  options: { tls?: { certFile: string; keyFile: string } } = {},
): Promise<ManagedProcess> {
  const { tls } = options;
  const listen = tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        tls.certFile,
        '--tls-key-file',
        tls.keyFile,
      ].concat(['--tls-auth-clients', 'no'])
    : ['--port', String(port)];
  const redis = new ManagedProcess(
    'redis',
    ensureBinary('redis-server'),
    [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    process.env,
    join(dir, 'redis.log'),
  );
  redis.start();
  await waitForPort(port, 10_000, 'redis', redis);
  return redis;
}

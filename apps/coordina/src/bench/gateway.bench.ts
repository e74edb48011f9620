import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reservePort } from '@coordina/platform/runtime';
import autocannon from 'autocannon';
import { ManagedProcess, waitForHealth, waitForPort } from '../child.process';
import { ensureBinary } from '../system-packages';
import type { Topology } from '../topology';
import { cpuSeconds, machineQuiet } from './proc.stats';
import type { Row } from './stats';

const ROOT = resolve(__dirname, '../../../../..');

/**
 * One autocannon run; `measured` are the Coordina processes the request passes through, whose
 * CPU time per request the note gives (µs, user + system, from /proc): on a shared machine
 * it moves much less with the load than the throughput does.
 */
async function load(
  name: string,
  url: string,
  seconds: number,
  measured: Record<string, number | undefined> = {},
): Promise<Row> {
  const before = Object.entries(measured).map(([what, pid]) => [what, pid, cpuSeconds(pid)] as const);
  const r = await autocannon({ url, connections: 32, duration: seconds, pipelining: 1 });
  const bad = r.non2xx + r.errors + r.timeouts;
  const cpu = before.map(
    ([what, pid, s]) =>
      `${what} ${Math.round(((cpuSeconds(pid) - s) * 1e6) / Math.max(1, r.requests.total))} µs CPU/req`,
  );
  const notes = [...(bad > 0 ? [`${bad} non-2xx/errors`] : []), ...cpu];
  return {
    name,
    perSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    note: notes.length > 0 ? notes.join('; ') : undefined,
  };
}

/** The row names, for the results. */
export const GATEWAY_ROWS = {
  direct: 'service instance directly',
  plain: 'plain Fastify JSON route, same body',
  nginx: 'nginx → service',
  coordina: 'Coordina gateway → service',
} as const;

/**
 * The same read (GET /api/instudio/salons) four ways: straight to the service instance, from
 * a plain Fastify route serving the same JSON body in a process of its own (the yardstick of
 * the service's own cached read), through one Coordina gateway (JWT/rate-limit/idempotency
 * hooks + discovery + proxy), and through nginx proxying to the same instance.
 */
export async function gatewayBench(topology: Topology, dir: string, seconds: number): Promise<Row[]> {
  const instance = topology.instances.find((i) => i.service === 'instudio-salons');
  const gateway = topology.gateways[0];
  if (!instance || !gateway) throw new Error('topology without salons or gateway');
  const path = '/api/instudio/salons?district=Miraflores';
  const nginxPort = await reservePort();
  const ndir = join(dir, 'nginx-bench');
  mkdirSync(ndir, { recursive: true });
  const conf = readFileSync(join(ROOT, 'deploy/nginx/coordina.conf.template'), 'utf8')
    .replaceAll('{{DIR}}', ndir)
    .replaceAll('{{PORT}}', String(nginxPort))
    .replace('{{UPSTREAMS}}', `    server 127.0.0.1:${instance.port};`);
  writeFileSync(join(ndir, 'nginx.conf'), conf);
  const nginx = new ManagedProcess(
    'nginx',
    ensureBinary('nginx'),
    ['-p', ndir, '-c', join(ndir, 'nginx.conf'), '-g', 'daemon off;'],
    process.env,
    join(ndir, 'out.log'),
  );
  const direct = `http://127.0.0.1:${instance.port}${path}`;
  const sample = await fetch(direct);
  if (!sample.ok) throw new Error(`GET ${path} on the salons instance answered ${sample.status}`);
  writeFileSync(join(ndir, 'salons.json'), await sample.text());
  const plainPort = await reservePort();
  const plain = new ManagedProcess(
    'plain fastify',
    process.execPath,
    [
      join(__dirname, 'plain-fastify.server.js'),
      String(plainPort),
      path.split('?')[0] ?? path,
      join(ndir, 'salons.json'),
    ],
    process.env,
    join(ndir, 'plain.log'),
  );
  nginx.start();
  plain.start();
  try {
    await waitForHealth(`http://127.0.0.1:${nginxPort}`, 10_000, 'bench nginx');
    await waitForPort(plainPort, 10_000, 'plain fastify', plain);
    // The topology's start-up work (seeding, consumer groups joining) is not the read's.
    await machineQuiet();
    const service = { service: instance.proc.pid };
    const rows = [
      await load(GATEWAY_ROWS.direct, direct, seconds, service),
      await load(GATEWAY_ROWS.plain, `http://127.0.0.1:${plainPort}${path}`, seconds, { plain: plain.pid }),
      await load(GATEWAY_ROWS.nginx, `http://127.0.0.1:${nginxPort}${path}`, seconds, service),
      await load(GATEWAY_ROWS.coordina, `http://127.0.0.1:${gateway.port}${path}`, seconds, {
        ...service,
        gateway: gateway.proc.pid,
      }),
    ];
    return rows;
  } finally {
    await Promise.all([nginx.stop(), plain.stop()]);
  }
}

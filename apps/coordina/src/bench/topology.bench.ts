import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AccessTokens } from '@coordina/platform';
import { uniquePrefix } from '@coordina/platform/testing';
import { startCoordina, waitForHealth } from '../child.process';
import type { Topology } from '../topology';
import { bookingLoad } from './booking.load';
import { cpuSeconds } from './proc.stats';
import { type RushResult, ticketRush } from './rush.bench';
import type { Row } from './stats';

export const benchEnv = {
  SANDBOX_WEBHOOK_DELAY_MS: '0',
  RATE_LIMIT_IP_PER_MINUTE: '100000000',
  RATE_LIMIT_USER_PER_MINUTE: '100000000',
  LOG_LEVEL: 'warn',
};

export interface TopologyRow {
  row: Row;
  cpuPerBooking: number;
}

/** All services in one process (`coordina start`) on the shared PostgreSQL server. */
export async function embeddedBookings(
  pgUrl: string,
  dir: string,
  n: number,
  concurrency: number,
): Promise<TopologyRow> {
  const jwt = randomBytes(32).toString('hex');
  const { proc, url: base } = await startCoordina({
    name: 'coordina',
    dataDir: join(dir, 'embedded'),
    databaseUrl: pgUrl,
    env: { ...process.env, ...benchEnv, JWT_SECRET: jwt, COORDINA_DB_PREFIX: uniquePrefix() },
    logFile: join(dir, 'embedded.log'),
  });
  try {
    await waitForHealth(base, 60_000, 'coordina start');
    const token = await new AccessTokens(jwt, 3600).sign({
      id: randomUUID(),
      email: 'bench@x.test',
      roles: ['client'],
    });
    const cpu0 = cpuSeconds(proc.pid);
    const r = await bookingLoad(base, token, n, concurrency, 'booking saga, embedded: one process');
    const cpu = cpuSeconds(proc.pid) - cpu0;
    return { row: r.row, cpuPerBooking: cpu / Math.max(1, r.confirmed) };
  } finally {
    await proc.stop();
  }
}

/** One process per service, Kafka, Redis, gateways and nginx (`coordina up`). */
export async function distributedBookings(topology: Topology, n: number, concurrency: number): Promise<TopologyRow> {
  const token = await new AccessTokens(topology.secrets.jwt, 3600).sign({
    id: randomUUID(),
    email: 'bench@x.test',
    roles: ['client'],
  });
  const procs = [...topology.instances, ...topology.gateways].map((i) => i.proc);
  const cpu = () => procs.reduce((sum, p) => sum + cpuSeconds(p.pid), 0);
  const cpu0 = cpu();
  const r = await bookingLoad(topology.url, token, n, concurrency, 'booking saga, distributed: process per service');
  return { row: r.row, cpuPerBooking: (cpu() - cpu0) / Math.max(1, r.confirmed) };
}

/** The ticket rush against `coordina start` (every service in one process). */
export async function embeddedRush(pgUrl: string, dir: string, buyers: number, seats: number): Promise<RushResult> {
  const jwt = randomBytes(32).toString('hex');
  const { proc, url: base } = await startCoordina({
    name: 'coordina',
    dataDir: join(dir, 'embedded-rush'),
    databaseUrl: pgUrl,
    env: { ...process.env, ...benchEnv, JWT_SECRET: jwt, COORDINA_DB_PREFIX: uniquePrefix() },
    logFile: join(dir, 'embedded-rush.log'),
  });
  try {
    await waitForHealth(base, 60_000, 'coordina start');
    return await ticketRush('embedded: one process', base, jwt, buyers, seats);
  } finally {
    await proc.stop();
  }
}

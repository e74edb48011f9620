import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AccessTokens } from '@coordina/platform';
import { uniquePrefix } from '@coordina/platform/testing';
import { startCoordina, waitForHealth } from '../child.process';
import type { Topology } from '../topology';
import { bookingLoad, bookingSteady } from './booking.load';
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
  /** The open-loop run after the closed-loop one, or why it failed. */
  steady?: Row | { error: string };
}

export interface SteadyBookings {
  rate: number;
  seconds: number;
}

async function steadyRow(
  base: string,
  token: string,
  o: SteadyBookings | undefined,
  name: string,
): Promise<TopologyRow['steady']> {
  if (!o || o.rate <= 0 || o.seconds <= 0) return undefined;
  try {
    return await bookingSteady(base, token, o.rate, o.seconds, name);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** All services in one process (`coordina start`) on the shared PostgreSQL server. */
export async function embeddedBookings(
  pgUrl: string,
  dir: string,
  n: number,
  concurrency: number,
  steady?: SteadyBookings,
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
    const st = await steadyRow(base, token, steady, 'booking saga, embedded, steady');
    return { row: r.row, cpuPerBooking: cpu / Math.max(1, r.confirmed), steady: st };
  } finally {
    await proc.stop();
  }
}

/** One process per service, Kafka, Redis, gateways and nginx (`coordina up`). */
export async function distributedBookings(
  topology: Topology,
  n: number,
  concurrency: number,
  steady?: SteadyBookings,
): Promise<TopologyRow> {
  const token = await new AccessTokens(topology.secrets.jwt, 3600).sign({
    id: randomUUID(),
    email: 'bench@x.test',
    roles: ['client'],
  });
  const procs = [...topology.instances, ...topology.gateways].map((i) => i.proc);
  const cpu = () => procs.reduce((sum, p) => sum + cpuSeconds(p.pid), 0);
  const cpu0 = cpu();
  const r = await bookingLoad(topology.url, token, n, concurrency, 'booking saga, distributed: process per service');
  const cpuPerBooking = (cpu() - cpu0) / Math.max(1, r.confirmed);
  const st = await steadyRow(topology.url, token, steady, 'booking saga, distributed, steady');
  return { row: r.row, cpuPerBooking, steady: st };
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

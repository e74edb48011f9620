import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import type { RateAsk, RateLimiter } from './rate-limiter';

/**
 * Leases up to ARGV[2] requests of the window counted in KEYS[1] (limit ARGV[1], expiring after
 * ARGV[4] ms): a share of what is left (left / ARGV[3], at least 1), never more than is left.
 * Returns the lease (0 once the window's limit is reached).
 */
const LEASE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = tonumber(ARGV[1]) - used
if left <= 0 then return 0 end
local grant = math.min(left, tonumber(ARGV[2]), math.max(1, math.floor(left / tonumber(ARGV[3]))))
if redis.call('INCRBY', KEYS[1], grant) == grant then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return grant`;

const LEASE_SHA = createHash('sha1').update(LEASE).digest('hex');

/** A lease is at most this share of what is left of the window's limit (decision 0106)... */
export const LEASE_SPREAD = 64;
/** ...and at most this many requests. */
export const LEASE_MAX = 64;

const WINDOW_MS = 60_000;

interface Lease {
  /** Requests this process may still let through in the window without asking Redis. */
  left: number;
  /** Redis said the window's limit is reached: refuse until the next window. */
  spent: boolean;
  /** The lease being asked for; every request that found none left waits for the same one. */
  asking?: Promise<void>;
}

/**
 * Fixed one-minute windows counted in Redis, so a limit holds across gateway instances
 * (decision 0106). Each process leases requests from the window's counter in Redis and lets
 * them through from memory: a lease is a share of what is left (1/64 of it, at most 64), so a
 * limit far from reached costs one round trip per 64 requests, and one near it, or a small one
 * (under 128 a minute), one per request, as before. Redis never leases more than the limit,
 * so the limit holds across any number of gateways; requests leased by a gateway the client no
 * longer reaches are lost to it until the window ends (at most 1/64 of the limit per gateway).
 * Scripts are sent by their SHA (EVAL on NOSCRIPT), not by ioredis' `defineCommand`, whose
 * scripts may never settle on a client without an offline queue (ioredis #1511, decision 0014).
 * If Redis is down the limiter lets requests through (and says so in the logs).
 */
export class RedisRateLimiter implements RateLimiter {
  #window = -1;
  #leases = new Map<string, Lease>();

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  take(asks: readonly RateAsk[]): number | Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    if (window !== this.#window) {
      // A new window: last window's leases are void (their keys expire in Redis).
      this.#window = window;
      this.#leases = new Map();
    }
    let over = false;
    const asking: Promise<boolean>[] = [];
    for (const ask of asks) {
      const lease = this.#lease(ask.key);
      if (lease.left > 0) lease.left--;
      else if (lease.spent) over = true;
      else asking.push(this.#takeLeased(ask, window, lease));
    }
    const wait = () => Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
    // Leased already (most requests): answered at once, no promise.
    if (asking.length === 0) return over ? wait() : 0;
    return Promise.all(asking).then((taken) => (over || taken.includes(false) ? wait() : 0));
  }

  #lease(key: string): Lease {
    let lease = this.#leases.get(key);
    if (!lease) {
      lease = { left: 0, spent: false };
      this.#leases.set(key, lease);
    }
    return lease;
  }

  /** One request from the key's lease, asking Redis for a new lease while none is left. */
  async #takeLeased(ask: RateAsk, window: number, lease: Lease): Promise<boolean> {
    for (;;) {
      if (lease.left > 0) {
        lease.left--;
        return true;
      }
      if (lease.spent) return false;
      if (!lease.asking) {
        lease.asking = this.#ask(ask, window, lease).finally(() => {
          lease.asking = undefined;
        });
      }
      const failed = await lease.asking.then(
        () => false,
        (err: unknown) => err,
      );
      if (failed) {
        this.log.warn({ err: String(failed) }, 'rate limiter unavailable: allowing');
        return true;
      }
    }
  }

  async #ask(ask: RateAsk, window: number, lease: Lease): Promise<void> {
    const args = [`coordina:rl:${ask.key}:${window}`, ask.perMinute, LEASE_MAX, LEASE_SPREAD, WINDOW_MS + 1_000];
    let granted: number;
    try {
      granted = Number(await this.redis.evalsha(LEASE_SHA, 1, ...args));
    } catch (err) {
      if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
      granted = Number(await this.redis.eval(LEASE, 1, ...args));
    }
    if (granted > 0) lease.left += granted;
    else lease.spent = true;
  }
}

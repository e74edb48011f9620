import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error';
import { CLAIM_LEASE_MS, type Claim, type IdempotencyStore } from './idempotency.store';

const TTL_MS = 24 * 3600_000;

/**
 * Claims KEYS[1] for the fingerprint ARGV[1] (TTL ARGV[2] ms) unless it is held: returns
 * false when claimed now (dropping any answer its expired predecessor left behind), else the
 * held fingerprint and the answer, if any. An unanswered claim whose lease (KEYS[3], ARGV[3]
 * ms) ran out belonged to a gateway that died: the same request takes it over.
 */
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
  return false
end
local held = redis.call('GET', KEYS[1])
local answer = redis.call('GET', KEYS[2])
if held == ARGV[1] and not answer and redis.call('SET', KEYS[3], '1', 'PX', ARGV[3], 'NX') then
  return false
end
return {held, answer}`;

/**
 * Idempotency keys in Redis, shared by every gateway instance. Unavailable Redis → 503, never
 * a double effect. A key is two entries: the claim (`SET NX`, holding the request's
 * fingerprint) and, once answered, the answer; so claiming and completing are one command
 * each and a repeat reads both in the claim's round trip.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: Redis) {}

  #key(scope: string, key: string): string {
    return `coordina:idem:${scope}:${key}`;
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    try {
      const k = this.#key(scope, key);
      const held = (await this.redis.eval(
        CLAIM,
        3,
        k,
        `${k}:answer`,
        `${k}:lease`,
        fingerprint,
        TTL_MS,
        CLAIM_LEASE_MS,
      )) as [string | null, string | null] | null;
      if (held === null) return { kind: 'new' };
      const [claimed, answer] = held;
      if (claimed !== fingerprint) return { kind: 'mismatch' };
      if (answer === null) return { kind: 'in-progress' };
      const row = JSON.parse(answer) as { status: number; contentType: string | null; body: string };
      return { kind: 'replay', status: row.status, contentType: row.contentType, body: row.body };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('SERVICE_UNAVAILABLE', 'idempotency store unavailable; retry with the same key');
    }
  }

  async complete(scope: string, key: string, status: number, contentType: string | null, body: string): Promise<void> {
    await this.redis.set(
      `${this.#key(scope, key)}:answer`,
      JSON.stringify({ status, contentType, body }),
      'PX',
      TTL_MS,
    );
  }

  async release(scope: string, key: string): Promise<void> {
    const k = this.#key(scope, key);
    await this.redis.del(k, `${k}:lease`);
  }
}

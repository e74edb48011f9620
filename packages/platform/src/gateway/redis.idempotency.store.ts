import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error';
import type { Claim, IdempotencyStore } from './idempotency.store';

const TTL_MS = 24 * 3600_000;

/** Idempotency keys in Redis, shared by every gateway instance. Unavailable Redis → 503, never a double effect. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: Redis) {}

  #key(scope: string, key: string): string {
    return `coordina:idem:${scope}:${key}`;
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    try {
      const k = this.#key(scope, key);
      const ok = await this.redis.set(k, JSON.stringify({ fingerprint }), 'PX', TTL_MS, 'NX');
      if (ok === 'OK') return { kind: 'new' };
      const raw = await this.redis.get(k);
      if (raw === null) return this.claim(scope, key, fingerprint);
      const row = JSON.parse(raw) as {
        fingerprint: string;
        status?: number;
        contentType?: string | null;
        body?: string;
      };
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (row.status === undefined) return { kind: 'in-progress' };
      return { kind: 'replay', status: row.status, contentType: row.contentType ?? null, body: row.body ?? '' };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('SERVICE_UNAVAILABLE', 'idempotency store unavailable; retry with the same key');
    }
  }

  async complete(scope: string, key: string, status: number, contentType: string | null, body: string): Promise<void> {
    const k = this.#key(scope, key);
    const raw = await this.redis.get(k);
    const row = raw ? (JSON.parse(raw) as { fingerprint: string }) : { fingerprint: '' };
    await this.redis.set(k, JSON.stringify({ ...row, status, contentType, body }), 'PX', TTL_MS);
  }

  async release(scope: string, key: string): Promise<void> {
    await this.redis.del(this.#key(scope, key));
  }
}

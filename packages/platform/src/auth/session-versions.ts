import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';

/**
 * Per-user session versions (decision 0027). Identity bumps a user's version when the user
 * signs out everywhere or resets the password; an access token carrying a lower version is
 * refused at once. Only bumps are stored, for as long as an access token lives: after that
 * every token issued before the bump has expired anyway.
 */
export interface SessionVersions {
  /** The user's current version (0 when never bumped, or bumped longer ago than a token lives). */
  current(userId: string): Promise<number>;
  /** Records that tokens below `version` are ended. */
  bump(userId: string, version: number): Promise<void>;
}

/** One process (the embedded default): identity and the gateway share this map. */
export class MemorySessionVersions implements SessionVersions {
  readonly #versions = new Map<string, { version: number; until: number }>();

  constructor(private readonly ttlMs: number) {}

  async current(userId: string): Promise<number> {
    const hit = this.#versions.get(userId);
    if (!hit) return 0;
    if (hit.until > Date.now()) return hit.version;
    this.#versions.delete(userId);
    return 0;
  }

  async bump(userId: string, version: number): Promise<void> {
    const known = this.#versions.get(userId)?.version ?? 0;
    this.#versions.set(userId, { version: Math.max(known, version), until: Date.now() + this.ttlMs });
  }
}

/** Raises KEYS[1] to ARGV[1] (never lowers it) and keeps it ARGV[2] ms. */
const RAISE = `
local v = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

const MAX_CACHED = 100_000;

/**
 * Distributed: versions in Redis, read through an in-process cache of `cacheMs` (so a
 * request costs no round trip), which bounds how long another process may still accept an
 * ended token. A bump also updates this process's cache at once. If Redis is unreachable
 * the check lets tokens through (and says so), like the rate limiter.
 */
export class RedisSessionVersions implements SessionVersions {
  readonly #cache = new Map<string, { version: number; until: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly cacheMs = 2000,
  ) {}

  async current(userId: string): Promise<number> {
    const now = Date.now();
    const hit = this.#cache.get(userId);
    if (hit && hit.until > now) return hit.version;
    let version = 0;
    try {
      version = Number((await this.redis.get(key(userId))) ?? 0);
    } catch (err) {
      this.log.warn({ err: String(err) }, 'session versions unavailable: token accepted');
      return hit?.version ?? 0;
    }
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(userId, { version, until: now + this.cacheMs });
    return version;
  }

  async bump(userId: string, version: number): Promise<void> {
    const known = this.#cache.get(userId)?.version ?? 0;
    this.#cache.set(userId, { version: Math.max(known, version), until: Date.now() + this.cacheMs });
    await this.redis.eval(RAISE, 1, key(userId), version, this.ttlMs);
  }
}

function key(userId: string): string {
  return `coordina:sv:${userId}`;
}

import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';

/** What a service does with realtime: publish a frame to users' sockets, wherever they are connected. */
export interface RealtimePublisher {
  /** Sends `frame` (JSON) to every socket of these users, on every gateway; nothing when none is online. */
  publish(userIds: readonly string[], frame: object): Promise<void>;
}

/**
 * One channel per user (decision 0081): services publish frames for users, and a gateway
 * subscribes to the users it holds sockets for. At most once: a user offline (or a gateway
 * restarting) misses the frame; messages are caught up by seq, not by this channel.
 */
export interface UserChannels extends RealtimePublisher {
  /**
   * Calls `listener` with each frame published for the user from the moment the promise
   * resolves (the subscription is active); resolves to the unsubscribe.
   */
  subscribe(userId: string, listener: (frame: unknown) => void): Promise<() => void>;
  close(): Promise<void>;
}

/**
 * Parses a published frame and freezes it, deeply: one parsed value is handed to every listener
 * of every user the frame went to (decision 0113), so none may change it.
 */
function parseShared(text: string): unknown {
  return deepFreeze(JSON.parse(text));
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The embedded default: one process, a map of listeners per user. A frame is serialized and
 * parsed once per publish, as through Redis (so both topologies hand listeners the same kind of
 * value, frozen), and that one value goes to every listener: one parse per fact, not per member.
 */
export class MemoryUserChannels implements UserChannels {
  readonly #listeners = new Map<string, Set<(frame: unknown) => void>>();

  async publish(userIds: readonly string[], frame: object): Promise<void> {
    let shared: unknown;
    for (const id of userIds) {
      const set = this.#listeners.get(id);
      if (!set) continue;
      shared ??= parseShared(JSON.stringify(frame));
      for (const l of set) l(shared);
    }
  }

  async subscribe(userId: string, listener: (frame: unknown) => void): Promise<() => void> {
    let set = this.#listeners.get(userId);
    if (!set) {
      set = new Set();
      this.#listeners.set(userId, set);
    }
    set.add(listener);
    const subscribed = set;
    return () => {
      subscribed.delete(listener);
      if (subscribed.size === 0 && this.#listeners.get(userId) === subscribed) this.#listeners.delete(userId);
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}

const PREFIX = 'coordina:rt:user:';

/**
 * Redis pub/sub, one channel per user: a publish reaches the gateways subscribed to that
 * user (those holding a socket of theirs) and no other. The subscriber connection is opened
 * on first subscribe (a service only publishes).
 */
export class RedisUserChannels implements UserChannels {
  #subscriber: Redis | undefined;
  readonly #listeners = new Map<string, Set<(frame: unknown) => void>>();
  /** Each user's SUBSCRIBE, until Redis confirmed it (later sockets of the user wait for it too). */
  readonly #active = new Map<string, Promise<unknown>>();
  /** The last frame received and its parsed (frozen) value. */
  #lastText: string | undefined;
  #lastFrame: unknown;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  async publish(userIds: readonly string[], frame: object): Promise<void> {
    if (userIds.length === 0) return;
    const text = JSON.stringify(frame);
    const batch = this.redis.pipeline();
    for (const id of userIds) batch.publish(PREFIX + id, text);
    await batch.exec();
  }

  async subscribe(userId: string, listener: (frame: unknown) => void): Promise<() => void> {
    const subscriber = this.#connect();
    let set = this.#listeners.get(userId);
    if (!set) {
      set = new Set();
      this.#listeners.set(userId, set);
      this.#active.set(userId, subscriber.subscribe(PREFIX + userId));
    }
    set.add(listener);
    try {
      await this.#active.get(userId);
    } catch (err) {
      // Not subscribed: the caller must not announce the socket ready (it would receive nothing).
      this.log.warn({ err, userId }, 'realtime subscribe failed');
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(userId) === set) {
        this.#listeners.delete(userId);
        this.#active.delete(userId);
      }
      throw err;
    }
    return () => {
      const current = this.#listeners.get(userId);
      if (!current?.delete(listener) || current.size > 0) return;
      this.#listeners.delete(userId);
      this.#active.delete(userId);
      subscriber.unsubscribe(PREFIX + userId).catch(() => undefined);
    };
  }

  #connect(): Redis {
    if (this.#subscriber) return this.#subscriber;
    // Unlike the request paths' fail-fast client, the subscriber queues its SUBSCRIBEs until it is
    // connected: the first socket of a gateway subscribes while this connection is still opening
    // (without the queue that SUBSCRIBE failed and the user got nothing, in the distributed tests).
    const subscriber = this.redis.duplicate({ enableAutoPipelining: false, enableOfflineQueue: true });
    subscriber.on('message', (channel: string, text: string) => {
      const set = this.#listeners.get(channel.slice(PREFIX.length));
      if (!set) return;
      // A fact's frame comes once per member, back to back (one pipeline): parsed once for all of them.
      let frame: unknown;
      if (text === this.#lastText) frame = this.#lastFrame;
      else {
        try {
          frame = parseShared(text);
        } catch {
          return;
        }
        this.#lastText = text;
        this.#lastFrame = frame;
      }
      for (const l of set) l(frame);
    });
    subscriber.on('error', (err) => this.log.warn({ err }, 'realtime subscriber'));
    this.#subscriber = subscriber;
    return subscriber;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#subscriber?.disconnect();
    this.#subscriber = undefined;
  }
}

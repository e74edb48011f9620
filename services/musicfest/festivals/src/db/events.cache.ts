import { randomUUID } from 'node:crypto';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';

const TTL_MS = 30_000;
const GENERATION_TTL_MS = 86_400_000;
const GENERATION_KEY = 'musicfest-festivals:generation';
/** A change committed inside a transaction is dropped again this long after it is reported. */
const TRAILING_MS = 200;

/**
 * Cache-aside for the catalog and event detail. Every key carries a generation that any change
 * replaces, so nobody reads an entry older than the change. Changes reported from inside a
 * transaction (consumers, saga steps) commit after the report, so a second bump follows
 * TRAILING_MS later; reports inside that window share the next one (a rush of availability
 * updates costs one bump per window), keeping every change visible well within a second.
 */
@Injectable()
export class EventsCache implements OnModuleDestroy {
  #trailing: NodeJS.Timeout | undefined;
  #again = false;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async read<T>(kind: string, key: unknown, load: () => Promise<T>): Promise<T> {
    const generation = await this.#generation();
    return this.ctx.cache.wrap(`musicfest-festivals:${kind}:${generation}:${JSON.stringify(key)}`, TTL_MS, load);
  }

  /** After a commit: drops every entry now. */
  async invalidate(): Promise<void> {
    await this.ctx.cache.set(GENERATION_KEY, randomUUID(), GENERATION_TTL_MS);
  }

  /** Inside a transaction: drops every entry now (unless a bump is pending) and again once it has committed. */
  async changed(): Promise<void> {
    if (this.#trailing) {
      this.#again = true;
      return;
    }
    this.#schedule();
    await this.invalidate();
  }

  /** One bump TRAILING_MS from now; a report arriving meanwhile gets another one after it. */
  #schedule(): void {
    this.#trailing = setTimeout(() => {
      this.#trailing = undefined;
      this.invalidate().catch((err) => this.ctx.log.warn({ err }, 'events cache invalidation failed'));
      if (this.#again) {
        this.#again = false;
        this.#schedule();
      }
    }, TRAILING_MS);
    this.#trailing.unref();
  }

  onModuleDestroy(): void {
    if (this.#trailing) clearTimeout(this.#trailing);
  }

  async #generation(): Promise<string> {
    const current = await this.ctx.cache.peek<string>(GENERATION_KEY);
    if (current) return current;
    const fresh = randomUUID();
    await this.ctx.cache.set(GENERATION_KEY, fresh, GENERATION_TTL_MS);
    return fresh;
  }
}

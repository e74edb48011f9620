import { randomUUID } from 'node:crypto';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CatalogSettings } from '../catalog.settings';
import type { ProductSearchQuery } from '../contracts/products.dto';
import { BusquedasRegistradas, type SearchTermKind } from '../contracts/search-trends.events';

/** Most distinct terms one window keeps; a search past it still counts in `searches`. */
const MAX_TERMS = 1_000;

/**
 * Counts the catalog's searches in memory, per normalized text (`q`, trimmed, lower-cased,
 * inner spaces collapsed) and per filter value, and publishes one `busquedas.registradas`
 * every N seconds through the outbox, never one event per search (a GET stays a read).
 * Counts of a window not yet published are lost if the process dies: trends are a sample, and
 * at most one window is missing. A window whose publish fails is merged into the next one.
 */
@Injectable()
export class SearchTrendsPublisher implements OnModuleInit, OnModuleDestroy {
  readonly #everyMs: number;
  #counts = new Map<string, number>();
  #searches = 0;
  #from = new Date();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    settings: CatalogSettings,
  ) {
    this.#everyMs = settings.searchTrendsMs;
  }

  /** Counts one search (the hook in ProductsService.search); no I/O. */
  record(q: Pick<ProductSearchQuery, 'q' | 'console' | 'genre' | 'condition' | 'sort'>): void {
    this.#searches += 1;
    const text = q.q?.trim().toLowerCase().replace(/\s+/g, ' ');
    if (text) this.#count('q', text);
    if (q.console) this.#count('console', q.console);
    if (q.genre) this.#count('genre', q.genre);
    if (q.condition) this.#count('condition', q.condition);
    if (q.sort && q.sort !== 'newest') this.#count('sort', q.sort);
  }

  onModuleInit(): void {
    this.#timer = setInterval(() => {
      this.#running ??= this.flush()
        .catch((err: unknown) => this.ctx.log.warn({ err }, 'search trends publish failed; kept for the next window'))
        .finally(() => {
          this.#running = undefined;
        });
    }, this.#everyMs);
    this.#timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
    await this.flush().catch((err: unknown) => this.ctx.log.warn({ err }, 'search trends lost at shutdown'));
  }

  /** Publishes the window counted so far (nothing when there was no search); returns its search count. */
  async flush(): Promise<number> {
    if (this.#searches === 0) return 0;
    const counts = this.#counts;
    const searches = this.#searches;
    const from = this.#from;
    this.#counts = new Map();
    this.#searches = 0;
    this.#from = new Date();
    const terms = [...counts].map(([key, count]) => {
      const [kind, value] = JSON.parse(key) as [SearchTermKind, string];
      return { kind, value, count };
    });
    const data = { windowId: randomUUID(), from: from.toISOString(), to: this.#from.toISOString(), searches, terms };
    try {
      await this.ctx.db.transaction((tx) => this.ctx.bus.publish(tx, BusquedasRegistradas, data));
    } catch (err) {
      this.#merge(counts, searches, from);
      throw err;
    }
    return searches;
  }

  #count(kind: SearchTermKind, value: string): void {
    const key = JSON.stringify([kind, value.slice(0, 100)]);
    const n = this.#counts.get(key);
    if (n === undefined && this.#counts.size >= MAX_TERMS) return;
    this.#counts.set(key, (n ?? 0) + 1);
  }

  #merge(counts: Map<string, number>, searches: number, from: Date): void {
    for (const [key, n] of counts) {
      const had = this.#counts.get(key);
      if (had === undefined && this.#counts.size >= MAX_TERMS) continue;
      this.#counts.set(key, (had ?? 0) + n);
    }
    this.#searches += searches;
    this.#from = from;
  }
}

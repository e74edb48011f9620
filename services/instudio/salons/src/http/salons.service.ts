import { AppError, type JsonBody, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { CategoryList } from '../contracts/categories.dto';
import type { SalonPage, SalonSearchQuery } from '../contracts/salon-search.dto';
import type { SalonDetail } from '../contracts/salons.dto';
import { CatalogRepository } from '../db/catalog.repository';
import { SalonCache } from '../db/salon.cache';
import { SalonsRepository } from '../db/salons.repository';
import { CategoryRules } from '../domain/category.rules';

/** Public reads: categories, search and detail, cache-aside. */
@Injectable()
export class SalonsService {
  readonly #salons = new SalonsRepository();
  readonly #catalog = new CatalogRepository();
  readonly #categories = new CategoryRules();
  readonly #cache: SalonCache;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#cache = new SalonCache(ctx.cache);
  }

  categories(): CategoryList {
    return { items: this.#categories.list() };
  }

  search(query: SalonSearchQuery): Promise<JsonBody<SalonPage>> {
    return this.#cache.page('search', query, async () => {
      const { items, total } = await this.#salons.search(this.ctx.db.db, query);
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  /** The search page if it is cached in this process (the route's cached answer), else undefined. */
  cachedSearch(query: SalonSearchQuery): Promise<JsonBody<SalonPage> | undefined> {
    return this.#cache.cachedPage('search', query);
  }

  async detail(id: string): Promise<SalonDetail> {
    const found = await this.#cache.detail(id, () => this.load(id));
    if (!found) throw new AppError('NOT_FOUND', `salon ${id} not found`);
    return found;
  }

  /** Reads a salon fresh from the database (inside a transaction when given one). */
  async load(id: string, q = this.ctx.db.db): Promise<SalonDetail | undefined> {
    const salon = await this.#salons.find(q, id);
    if (!salon) return undefined;
    const [services, stylists, hours] = await Promise.all([
      this.#catalog.services(q, id),
      this.#catalog.stylists(q, id),
      this.#catalog.salonHours(q, id),
    ]);
    return { ...salon, services, stylists, hours };
  }

  invalidate(id: string): Promise<void> {
    return this.#cache.invalidate(id);
  }
}

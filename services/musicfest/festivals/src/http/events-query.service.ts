import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { CatalogQuery, EventPage, EventView, ManagerEventsQuery } from '../contracts/event.dto';
import { CatalogRepository } from '../db/catalog.repository';
import { EventsCache } from '../db/events.cache';
import { EventsRepository } from '../db/events.repository';
import { TicketTypesRepository } from '../db/ticket-types.repository';
import { EventAccessPolicy } from './event-access.policy';
import { toEventSummary, toEventView } from './event-view.mapper';

/** Reads: the cached public catalog and detail, and the managers' listing (fresh). */
@Injectable()
export class EventsQueryService {
  readonly #catalog = new CatalogRepository();
  readonly #events = new EventsRepository();
  readonly #types = new TicketTypesRepository();
  readonly #access = new EventAccessPolicy();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly cache: EventsCache,
  ) {}

  catalog(query: CatalogQuery): Promise<EventPage> {
    return this.cache.read('catalog', query, async () => {
      const { items, total } = await this.#catalog.onSale(this.ctx.db.db, query, new Date());
      return { items: items.map(toEventSummary), total, page: query.page, pageSize: query.pageSize };
    });
  }

  async detail(id: string, user: AuthUser | undefined): Promise<EventView> {
    const view = await this.cache.read('detail', id, async () => (await this.load(id)) ?? null);
    if (!view || !this.#access.visible(user, view)) throw new AppError('NOT_FOUND', `event ${id} not found`);
    return view;
  }

  async load(id: string, q = this.ctx.db.db): Promise<EventView | undefined> {
    const e = await this.#events.find(q, id);
    if (!e) return undefined;
    return toEventView(e, await this.#types.forEvent(q, id));
  }

  async forManager(user: AuthUser, query: ManagerEventsQuery): Promise<EventPage> {
    const managerId = user.roles.includes('platform_admin') ? undefined : user.id;
    const { items, total } = await this.#catalog.forManager(this.ctx.db.db, managerId, query);
    return { items: items.map(toEventSummary), total, page: query.page, pageSize: query.pageSize };
  }
}

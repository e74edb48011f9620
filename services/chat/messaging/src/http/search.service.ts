import { type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { SearchPage, SearchQuery } from '../contracts/extras.dto';
import { SearchRepository } from '../db/search.repository';

/** Full-text search in the caller's own conversations. */
@Injectable()
export class SearchService {
  readonly #search = new SearchRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  search(user: AuthUser, query: SearchQuery): Promise<SearchPage> {
    return this.#search.search(this.ctx.db.db, user.id, query);
  }
}

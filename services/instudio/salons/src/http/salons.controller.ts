import { CachedAnswer, Endpoint, Input, type InputOf, type JsonBody } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { SalonPage } from '../contracts/salon-search.dto';
import type { SalonDetail } from '../contracts/salons.dto';
import { salonsRoutes } from '../contracts/salons.routes';
import { SalonsService } from './salons.service';

/** Public reads. */
@Controller()
export class SalonsController {
  constructor(private readonly salons: SalonsService) {}

  @Endpoint(salonsRoutes, 'GET /api/instudio/salons')
  search(@Input() { query }: InputOf<typeof salonsRoutes, 'GET /api/instudio/salons'>): Promise<JsonBody<SalonPage>> {
    return this.salons.search(query);
  }

  /** A search page this process holds, answered before the framework's pipeline (decision 0124). */
  @CachedAnswer(salonsRoutes, 'GET /api/instudio/salons')
  searchCached({
    query,
  }: InputOf<typeof salonsRoutes, 'GET /api/instudio/salons'>): Promise<JsonBody<SalonPage> | undefined> {
    return this.salons.cachedSearch(query);
  }

  @Endpoint(salonsRoutes, 'GET /api/instudio/salons/:id')
  detail(@Input() { params }: InputOf<typeof salonsRoutes, 'GET /api/instudio/salons/:id'>): Promise<SalonDetail> {
    return this.salons.detail(params.id);
  }
}

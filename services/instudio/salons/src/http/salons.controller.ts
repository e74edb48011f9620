import { IdParams, zod } from '@coordina/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { type SalonPage, SalonSearchQuery } from '../contracts/salon-search.dto';
import type { SalonDetail } from '../contracts/salons.dto';
import { SalonsService } from './salons.service';

/** Public reads. */
@Controller('api/instudio/salons')
export class SalonsController {
  constructor(private readonly salons: SalonsService) {}

  @Get()
  search(@Query(zod(SalonSearchQuery)) query: SalonSearchQuery): Promise<SalonPage> {
    return this.salons.search(query);
  }

  @Get(':id')
  detail(@Param(zod(IdParams)) p: { id: string }): Promise<SalonDetail> {
    return this.salons.detail(p.id);
  }
}

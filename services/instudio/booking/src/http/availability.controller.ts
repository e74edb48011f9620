import { zod } from '@coordina/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { type Availability, AvailabilityParams, AvailabilityQuery } from '../contracts/booking.dto';
import { AvailabilityService } from './availability.service';

@Controller('api/instudio/salons')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get(':id/availability')
  forDate(
    @Param(zod(AvailabilityParams)) p: { id: string },
    @Query(zod(AvailabilityQuery)) q: AvailabilityQuery,
  ): Promise<Availability> {
    return this.availability.forDate(p.id, q);
  }
}

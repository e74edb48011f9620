import { Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { Availability } from '../contracts/booking.dto';
import { bookingRoutes } from '../contracts/booking.routes';
import { AvailabilityService } from './availability.service';

@Controller()
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Endpoint(bookingRoutes, 'GET /api/instudio/salons/:id/availability')
  forDate(
    @Input() { params, query }: InputOf<typeof bookingRoutes, 'GET /api/instudio/salons/:id/availability'>,
  ): Promise<Availability> {
    return this.availability.forDate(params.id, query);
  }
}

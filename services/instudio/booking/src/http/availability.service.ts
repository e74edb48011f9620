import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { BookingSettings } from '../booking.settings';
import type { Availability, AvailabilityQuery } from '../contracts/booking.dto';
import { BookingsRepository } from '../db/bookings.repository';
import { SlotRules } from '../domain/slot.rules';
import { ZonedTime } from '../domain/zoned-time';
import { SalonsClient } from './salons.client';

const DAY_MS = 86_400_000;

/** Free slots of a salon's stylists for a service on a date. */
@Injectable()
export class AvailabilityService {
  readonly #bookings = new BookingsRepository();
  readonly #rules: SlotRules;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly salons: SalonsClient,
    settings: BookingSettings,
  ) {
    this.#rules = new SlotRules(15, settings.leadTimeMinutes);
  }

  async forDate(salonId: string, q: AvailabilityQuery): Promise<Availability> {
    const salon = await this.salons.get(salonId);
    if (!salon) throw new AppError('NOT_FOUND', `salon ${salonId} not found`);
    if (!salon.services.some((s) => s.id === q.serviceId))
      throw new AppError('VALIDATION_FAILED', 'query.serviceId: not a service of this salon', {
        errors: [{ field: 'query.serviceId', message: 'not a service of this salon' }],
      });
    const zone = new ZonedTime(salon.timezone);
    const dayStart = zone.toInstant(q.date, 0);
    const stylists = salon.stylists.filter((s) => s.serviceIds.includes(q.serviceId)).map((s) => s.id);
    const busy = await this.#bookings.busy(
      this.ctx.db.db,
      stylists,
      new Date(dayStart.getTime() - DAY_MS),
      new Date(dayStart.getTime() + 2 * DAY_MS),
    );
    const slots = this.#rules.free(salon, q.serviceId, q.date, busy, new Date());
    return {
      salonId,
      serviceId: q.serviceId,
      date: q.date,
      timezone: salon.timezone,
      slots: slots.map((s) => ({ stylistId: s.stylistId, start: zone.format(s.start), end: zone.format(s.end) })),
    };
  }
}

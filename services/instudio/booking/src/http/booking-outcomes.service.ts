import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { BookingSettings } from '../booking.settings';
import type { BookingView } from '../contracts/booking.dto';
import { ReservaCompletada, ReservaNoPresentada } from '../contracts/events';
import { BookingsRepository } from '../db/bookings.repository';
import { CancellationPolicy } from '../domain/cancellation.policy';
import { BookingEventsMapper } from '../events/booking-events.mapper';
import { toBookingView } from './booking-view.mapper';

export type BookingOutcome = 'COMPLETED' | 'NO_SHOW';

/**
 * The salon's word on a confirmed booking once it has started: completed, or the client did
 * not show up. One conditional UPDATE decides; reads happen only to explain a refusal.
 */
@Injectable()
export class BookingOutcomesService {
  readonly #bookings = new BookingsRepository();
  readonly #events = new BookingEventsMapper();
  readonly #cancellation: CancellationPolicy;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    settings: BookingSettings,
  ) {
    this.#cancellation = new CancellationPolicy(settings.cancellationWindowHours);
  }

  async mark(user: AuthUser, id: string, outcome: BookingOutcome): Promise<BookingView> {
    const now = new Date();
    const by = { userId: user.id, anyAdmin: user.roles.includes('platform_admin') };
    const marked = await this.ctx.db.transaction(async (tx) => {
      const b = await this.#bookings.markOutcome(tx, id, outcome, by, now);
      if (!b) return undefined;
      if (outcome === 'COMPLETED') await this.ctx.bus.publish(tx, ReservaCompletada, this.#events.completed(b));
      else await this.ctx.bus.publish(tx, ReservaNoPresentada, this.#events.noShow(b));
      return b;
    });
    if (marked) return toBookingView(marked, this.#cancellation);
    const existing = await this.#bookings.find(this.ctx.db.db, id);
    if (!existing) throw new AppError('NOT_FOUND', `booking ${id} not found`);
    if (!by.anyAdmin && existing.salonAdminId !== user.id)
      throw new AppError('FORBIDDEN', "only the booking's salon admin may mark it");
    if (existing.status !== 'CONFIRMED')
      throw new AppError('INVALID_STATE', `only a CONFIRMED booking can be marked (it is ${existing.status})`);
    throw new AppError(
      'INVALID_STATE',
      `the booking has not started yet (it starts at ${new Date(existing.startAt).toISOString()})`,
    );
  }
}

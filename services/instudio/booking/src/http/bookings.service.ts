import { randomUUID } from 'node:crypto';
import { ReembolsoSolicitar } from '@coordina/payments/contracts';
import { AppError, type AuthUser, isPgError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { BookingSettings } from '../booking.settings';
import type {
  BookingAccepted,
  BookingCancelled,
  BookingPage,
  BookingView,
  CreateBookingBody,
  MyBookingsQuery,
  SalonBookingsQuery,
} from '../contracts/booking.dto';
import { BookingErrors } from '../contracts/booking.errors';
import { ReservaCancelada, ReservaCreada } from '../contracts/events';
import { BookingsRepository } from '../db/bookings.repository';
import { CancellationPolicy } from '../domain/cancellation.policy';
import { PromotionRules } from '../domain/promotion.rules';
import { SlotRules } from '../domain/slot.rules';
import { ZonedTime } from '../domain/zoned-time';
import { BOOKING_SAGA, type BookingSagaState } from '../events/booking.saga';
import { BookingEventsMapper } from '../events/booking-events.mapper';
import { toBookingView } from './booking-view.mapper';
import { PromotionsClient } from './promotions.client';
import { SalonsClient } from './salons.client';

const EXCLUSION_VIOLATION = '23P01';

/** Booking commands and reads. */
@Injectable()
export class BookingsService {
  readonly #bookings = new BookingsRepository();
  readonly #rules: SlotRules;
  readonly #promotionRules = new PromotionRules();
  readonly #events = new BookingEventsMapper();
  readonly #cancellation: CancellationPolicy;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly salons: SalonsClient,
    private readonly promotions: PromotionsClient,
    private readonly settings: BookingSettings,
  ) {
    this.#rules = new SlotRules(15, settings.leadTimeMinutes);
    this.#cancellation = new CancellationPolicy(settings.cancellationWindowHours);
  }

  /**
   * Holds the slot and starts the saga in one transaction; the database refuses overlaps. A
   * request repeated with its Idempotency-Key gets the booking its first run made.
   */
  async create(user: AuthUser, body: CreateBookingBody, idempotencyKey?: string): Promise<BookingAccepted> {
    if (idempotencyKey) {
      const earlier = await this.#bookings.findByKey(this.ctx.db.db, user.id, idempotencyKey);
      if (earlier) return { id: earlier.id, status: 'HELD' };
    }
    const salon = await this.salons.get(body.salonId);
    if (!salon)
      throw new AppError('VALIDATION_FAILED', 'body.salonId: no such salon', {
        errors: [{ field: 'body.salonId', message: 'no such salon' }],
      });
    const checked = this.#rules.check(salon, { ...body, start: new Date(body.start) }, new Date());
    if (!checked.ok) {
      const { code, field, message } = checked.problem;
      if (code === 'OUTSIDE_HOURS' || code === 'TOO_SOON')
        throw new AppError(BookingErrors.SLOT_UNAVAILABLE, `${field}: ${message}`);
      throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, { errors: [{ field, message }] });
    }
    const service = salon.services.find((x) => x.id === body.serviceId);
    const local = new ZonedTime(salon.timezone).local(checked.interval.start);
    const pricing = this.#promotionRules.price(
      checked.price,
      await this.promotions.active(salon.id),
      body.serviceId,
      local,
    );
    const id = randomUUID();
    const paymentId = randomUUID();
    try {
      await this.ctx.db.transaction(async (tx) => {
        const held = await this.#bookings.insertHeld(tx, {
          id,
          userId: user.id,
          salonId: salon.id,
          salonAdminId: salon.adminUserId,
          serviceId: body.serviceId,
          stylistId: body.stylistId,
          timeZone: salon.timezone,
          startAt: checked.interval.start,
          endAt: checked.interval.end,
          priceCents: pricing.price,
          listPriceCents: pricing.listPrice,
          promotionId: pricing.promotionId,
          district: salon.district,
          subcategory: service?.subcategory ?? null,
          paymentId,
          paymentMethod: body.paymentMethod,
          holdExpiresAt: new Date(Date.now() + this.settings.holdTimeoutMs),
          idempotencyKey: idempotencyKey ?? null,
        });
        await this.ctx.bus.publish(tx, ReservaCreada, this.#events.created(held));
        const state: BookingSagaState = {
          bookingId: id,
          userId: user.id,
          paymentId,
          paymentMethod: body.paymentMethod,
          price: pricing.price,
          salonName: salon.name,
        };
        await this.ctx.sagas.start(tx, BOOKING_SAGA, id, state);
      });
    } catch (err) {
      // The same request running at the same time (its key's unique constraint, or the slot it
      // holds): the answer is the booking that run made.
      const earlier = idempotencyKey
        ? await this.#bookings.findByKey(this.ctx.db.db, user.id, idempotencyKey)
        : undefined;
      if (earlier) return { id: earlier.id, status: 'HELD' };
      if (isPgError(err, EXCLUSION_VIOLATION))
        throw new AppError(BookingErrors.SLOT_UNAVAILABLE, 'this stylist is already booked at that time');
      throw err;
    }
    return { id, status: 'HELD' };
  }

  async get(user: AuthUser, id: string): Promise<BookingView> {
    const b = await this.#bookings.find(this.ctx.db.db, id);
    if (!b) throw new AppError('NOT_FOUND', `booking ${id} not found`);
    const allowed =
      b.userId === user.id ||
      user.roles.includes('platform_admin') ||
      (user.roles.includes('salon_admin') && b.salonAdminId === user.id);
    if (!allowed) throw new AppError('FORBIDDEN', 'not your booking');
    return toBookingView(b, this.#cancellation);
  }

  async mine(user: AuthUser, q: MyBookingsQuery): Promise<BookingPage> {
    const { items, total } = await this.#bookings.listForUser(this.ctx.db.db, user.id, q.page, q.pageSize);
    return { items: items.map((b) => toBookingView(b, this.#cancellation)), total, page: q.page, pageSize: q.pageSize };
  }

  /** A salon's calendar: its bookings overlapping the window, for the salon's current admin or a platform admin. */
  async forSalon(user: AuthUser, salonId: string, q: SalonBookingsQuery): Promise<BookingPage> {
    const salon = await this.salons.get(salonId);
    if (!salon) throw new AppError('NOT_FOUND', `salon ${salonId} not found`);
    if (!user.roles.includes('platform_admin') && salon.adminUserId !== user.id)
      throw new AppError('FORBIDDEN', "only the salon's admin may see its bookings");
    const window = { from: new Date(q.from), to: new Date(q.to) };
    const { items, total } = await this.#bookings.listForSalon(this.ctx.db.db, salonId, window, q.page, q.pageSize);
    return { items: items.map((b) => toBookingView(b, this.#cancellation)), total, page: q.page, pageSize: q.pageSize };
  }

  /** Cancels a confirmed booking of the caller: a conditional update decides, never a prior read. */
  async cancel(user: AuthUser, id: string): Promise<BookingCancelled> {
    const existing = await this.#bookings.find(this.ctx.db.db, id);
    if (!existing) throw new AppError('NOT_FOUND', `booking ${id} not found`);
    if (existing.userId !== user.id) throw new AppError('FORBIDDEN', 'only the client who booked may cancel');
    const refund = this.#cancellation.refunds(new Date(existing.startAt), new Date());
    const reason = refund ? 'cancelled by the client' : 'cancelled by the client inside the cancellation window';
    const cancelled = await this.ctx.db.transaction(async (tx) => {
      const b = await this.#bookings.cancelConfirmed(tx, id, user.id, reason, refund);
      if (!b) return undefined;
      if (refund) await this.ctx.bus.publish(tx, ReembolsoSolicitar, { paymentId: b.paymentId, reason });
      await this.ctx.bus.publish(tx, ReservaCancelada, this.#events.cancelled(b, reason, refund));
      return b;
    });
    if (!cancelled)
      throw new AppError('INVALID_STATE', `only a CONFIRMED booking can be cancelled (it is ${existing.status})`);
    return { id, status: 'CANCELLED', refund };
  }
}

import { randomUUID } from 'node:crypto';
import {
  ResenaPublicada,
  ReservaCancelada,
  ReservaCompletada,
  ReservaConfirmada,
  ReservaCreada,
  ReservaNoPresentada,
} from '@coordina/instudio-booking/contracts';
import { PromocionPublicada, type SalonDetail, SalonesActualizaciones } from '@coordina/instudio-salons/contracts';
import { PagoAutorizado, PagoReembolsado } from '@coordina/payments/contracts';
import { ev, type StubEvent } from './instudio.stub';

/**
 * Two salons and five bookings with known figures:
 * - A (Miraflores): b1 hair 50.00 confirmed and completed on 2030-01-05; b2 nails 30.00
 *   confirmed, cancelled and refunded on 2030-01-05; b3 hair declined on 2030-01-06.
 * - B (Barranco): b4 spa 80.00 confirmed, no-show on 2030-01-20; b5 spa 80.00 confirmed on
 *   2030-02-03, whose events carry no district or subcategory (the salons replica fills them).
 */
export class Scenario {
  readonly adminA = randomUUID();
  readonly adminB = randomUUID();
  readonly salonA = this.#salon('Salón Aurora', 'Miraflores', this.adminA, [
    ['Corte', 'hair', 5000],
    ['Uñas', 'nails', 3000],
  ]);
  readonly salonB = this.#salon('Spa Brisa', 'Barranco', this.adminB, [['Masaje', 'spa', 8000]]);
  readonly salons = new Map<string, SalonDetail>([
    [this.salonA.id, this.salonA],
    [this.salonB.id, this.salonB],
  ]);
  readonly ids = { b1: randomUUID(), b2: randomUUID(), b3: randomUUID(), b4: randomUUID(), b5: randomUUID() };

  /** Salon A's bookings, a review, a promotion and a salon change. */
  first(): StubEvent[] {
    const [hair, nails] = this.salonA.services;
    const b1 = this.#ref(this.ids.b1, this.salonA, hair, '2030-01-05T10:00:00-05:00', true);
    const b2 = this.#ref(this.ids.b2, this.salonA, nails, '2030-01-05T23:30:00-05:00', true);
    const b3 = this.#ref(this.ids.b3, this.salonA, hair, '2030-01-06T09:00:00-05:00', true);
    const p1 = randomUUID();
    const p2 = randomUUID();
    const at = new Date().toISOString();
    return [
      ev(ReservaCreada, { ...b1, price: 5000, currency: 'PEN' }),
      ev(PagoAutorizado, this.#auth(p1, b1, 5000)),
      ev(ReservaConfirmada, { ...b1, paymentId: p1, price: 5000 }),
      ev(ReservaCompletada, { ...b1, price: 5000 }),
      ev(ReservaCreada, { ...b2, price: 3000, currency: 'PEN' }),
      ev(ReservaConfirmada, { ...b2, paymentId: p2, price: 3000 }),
      ev(ReservaCancelada, { ...b2, reason: 'cancelled by client', refund: true }),
      ev(PagoReembolsado, {
        paymentId: p2,
        userId: b2.userId,
        amount: 3000,
        currency: 'PEN',
        reference: `booking:${b2.bookingId}`,
        reason: 'cancelled by client',
      }),
      ev(ReservaCreada, { ...b3, price: 5000, currency: 'PEN' }),
      ev(ReservaCancelada, { ...b3, reason: 'payment declined', refund: false }),
      ev(ResenaPublicada, {
        reviewId: randomUUID(),
        bookingId: b1.bookingId,
        salonId: b1.salonId,
        userId: b1.userId,
        rating: 5,
        text: 'Excelente',
        at,
      }),
      ev(PromocionPublicada, {
        promotionId: randomUUID(),
        salonId: this.salonA.id,
        salonName: this.salonA.name,
        name: 'Enero',
        discountPercent: 10,
        validTo: '2030-01-31',
        at,
      }),
      ev(SalonesActualizaciones, { salonId: this.salonA.id, change: 'salon.updated', at }),
    ];
  }

  /** Salon B's bookings (published while analytics is down in the restart test). */
  second(): StubEvent[] {
    const [spa] = this.salonB.services;
    const b4 = this.#ref(this.ids.b4, this.salonB, spa, '2030-01-20T15:00:00-05:00', true);
    const b5 = this.#ref(this.ids.b5, this.salonB, spa, '2030-02-03T11:00:00-05:00', false);
    const p4 = randomUUID();
    const p5 = randomUUID();
    return [
      ev(ReservaCreada, { ...b4, price: 8000, currency: 'PEN' }),
      ev(ReservaConfirmada, { ...b4, paymentId: p4, price: 8000 }),
      ev(ReservaNoPresentada, { ...b4, price: 8000 }),
      ev(ReservaCreada, { ...b5, price: 8000, currency: 'PEN' }),
      ev(ReservaConfirmada, { ...b5, paymentId: p5, price: 8000 }),
    ];
  }

  #ref(id: string, salon: SalonDetail, service: SalonDetail['services'][number], start: string, denormalised: boolean) {
    const end = new Date(Date.parse(start) + 3_600_000).toISOString();
    return {
      bookingId: id,
      userId: randomUUID(),
      salonId: salon.id,
      serviceId: service.id,
      stylistId: randomUUID(),
      start,
      end,
      ...(denormalised ? { district: salon.district, subcategory: service.subcategory } : {}),
    };
  }

  #auth(paymentId: string, b: { bookingId: string; userId: string }, amount: number) {
    const ref = { sagaId: randomUUID(), provider: 'sandbox', providerRef: `pi_${paymentId.slice(0, 8)}` };
    return {
      paymentId,
      userId: b.userId,
      amount,
      currency: 'PEN' as const,
      reference: `booking:${b.bookingId}`,
      ...ref,
    };
  }

  #salon(
    name: string,
    district: string,
    adminUserId: string,
    services: [string, SalonDetail['services'][number]['subcategory'], number][],
  ): SalonDetail {
    return {
      id: randomUUID(),
      name,
      address: 'Av. Larco 100',
      district,
      phone: '+51 1 000 0000',
      description: '',
      timezone: 'America/Lima',
      ratingAvg: 0,
      ratingCount: 0,
      adminUserId,
      services: services.map(([n, subcategory, priceCents]) => ({
        id: randomUUID(),
        name: n,
        subcategory,
        durationMinutes: 60,
        priceCents,
      })),
      stylists: [],
      hours: [],
    };
  }
}

import type { LocalTime } from './zoned-time';

/** What a promotion's discount depends on (a subset of the salons contract's PromotionView). */
export interface PromotionTerms {
  id: string;
  discountPercent: number;
  serviceIds: readonly string[];
  /** YYYY-MM-DD, inclusive, in the salon's time zone. */
  validFrom: string;
  validTo: string;
  /** 0 = Sunday. */
  weekdays: readonly number[];
  /** HH:MM local; the start must be at or after startTime and before endTime. */
  startTime: string;
  endTime: string;
  active?: boolean;
}

export interface Pricing {
  price: number;
  listPrice: number;
  promotionId: string | null;
  discountPercent: number;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Promotions at booking time: one applies when it lists the service and the booking's local
 * date, weekday and start time fall inside its terms. The best single discount wins (ties:
 * the lowest id, so the choice is stable); the price is rounded to the cent. Pure.
 */
export class PromotionRules {
  applies(p: PromotionTerms, serviceId: string, start: LocalTime): boolean {
    if (p.active === false) return false;
    if (!p.serviceIds.includes(serviceId)) return false;
    if (start.date < p.validFrom || start.date > p.validTo) return false;
    if (!p.weekdays.includes(start.weekday)) return false;
    return start.minutes >= toMinutes(p.startTime) && start.minutes < toMinutes(p.endTime);
  }

  best<P extends PromotionTerms>(promotions: readonly P[], serviceId: string, start: LocalTime): P | undefined {
    return promotions
      .filter((p) => this.applies(p, serviceId, start))
      .sort((a, b) => b.discountPercent - a.discountPercent || a.id.localeCompare(b.id))[0];
  }

  discounted(listPrice: number, percent: number): number {
    return Math.round((listPrice * (100 - percent)) / 100);
  }

  price(listPrice: number, promotions: readonly PromotionTerms[], serviceId: string, start: LocalTime): Pricing {
    const best = this.best(promotions, serviceId, start);
    if (!best) return { price: listPrice, listPrice, promotionId: null, discountPercent: 0 };
    return {
      price: this.discounted(listPrice, best.discountPercent),
      listPrice,
      promotionId: best.id,
      discountPercent: best.discountPercent,
    };
  }
}

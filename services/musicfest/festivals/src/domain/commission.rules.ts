import { COMMISSION_PERCENT } from '../contracts/event.dto';

/** Integer percent of integer cents, rounded half up (amounts are never negative). */
function percentOf(cents: number, percent: number): number {
  return Math.floor((cents * percent + 50) / 100);
}

/**
 * Ticket pricing: the final price is the price less its discount ((100 − discount)% of it), and
 * the platform keeps `percent` (3%) of that final price as commission; both rounded half up to the cent.
 */
export class CommissionRules {
  constructor(readonly percent: number = COMMISSION_PERCENT) {}

  finalPrice(price: number, discountPercent: number): number {
    return percentOf(price, 100 - discountPercent);
  }

  commission(finalPrice: number): number {
    return percentOf(finalPrice, this.percent);
  }

  price(price: number, discountPercent: number): { finalPrice: number; commission: number } {
    const finalPrice = this.finalPrice(price, discountPercent);
    return { finalPrice, commission: this.commission(finalPrice) };
  }
}

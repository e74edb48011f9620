import { AppError } from '@coordina/platform';
import { TicketingErrors } from '../contracts/ticketing.errors';
import type { BasketRefusal, BasketRules } from '../domain/basket.rules';

/** The basket rules' answers as the errors buyers get (422, 404, 409). */
export class BasketCheck {
  constructor(private readonly rules: BasketRules) {}

  /** 422 naming the first item over the per-type limit. */
  limits(items: readonly { quantity: number }[]): void {
    const over = this.rules.overLimit(items);
    if (!over) return;
    const field = `body.items.${over.index}.quantity`;
    throw new AppError(TicketingErrors.PURCHASE_LIMIT_EXCEEDED, `${field}: ${over.message}`, {
      errors: [{ field, message: over.message }],
    });
  }

  /** The error of a basket that cannot be bought now (BasketRules.refusal). */
  error(refusal: BasketRefusal): AppError {
    return new AppError(refusal.code === 'SALES_CLOSED' ? TicketingErrors.SALES_CLOSED : refusal.code, refusal.message);
  }
}

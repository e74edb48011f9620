import { AUTHORIZE_PAYMENT } from '@coordina/payments/contracts';
import type { SagaFailure } from '@coordina/platform';

/** Turns a failed booking saga into the reason a client reads on the booking. */
export class CancellationReasonMapper {
  fromSagaFailure(failure: SagaFailure): string {
    if (failure.step === AUTHORIZE_PAYMENT) {
      if (failure.kind === 'timeout') return 'payment timed out';
      return failure.reason ? `payment declined: ${failure.reason}` : 'payment failed';
    }
    if (failure.step === 'ConfirmBooking') return `confirmation failed: ${failure.reason}`;
    return failure.reason;
  }
}

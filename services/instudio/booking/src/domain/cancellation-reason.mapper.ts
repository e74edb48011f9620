/**
 * Turns a saga failure ("AuthorizePayment: payment declined: card_declined",
 * "AuthorizePayment: timed out") into the reason a client reads on the booking.
 */
export class CancellationReasonMapper {
  fromSagaFailure(failure: string): string {
    const [step, ...rest] = failure.split(': ');
    const detail = rest.join(': ');
    if (step === 'AuthorizePayment') return detail === 'timed out' ? 'payment timed out' : detail || 'payment failed';
    if (step === 'ConfirmBooking') return `confirmation failed: ${detail}`;
    return failure;
  }
}

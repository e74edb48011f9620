/** The provider refused a charge outright (no webhook will follow): the payment fails at once. */
export class PaymentRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`payment rejected by the provider: ${reason}`);
    this.name = 'PaymentRejectedError';
  }
}

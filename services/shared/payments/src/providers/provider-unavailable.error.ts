/**
 * The provider could not answer a charge now (a timeout, a 5xx): the charge may or may not
 * have been taken, so it is retried with the same idempotency key (decision 0073).
 */
export class ProviderUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`payment provider unavailable: ${reason}`);
    this.name = 'ProviderUnavailableError';
  }
}

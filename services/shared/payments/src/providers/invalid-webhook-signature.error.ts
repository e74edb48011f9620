/** A webhook whose signature (or signing headers) does not verify: answered 400 INVALID_SIGNATURE. */
export class InvalidWebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhookSignatureError';
  }
}

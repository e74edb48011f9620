import { defineRoutes, IdParams } from '@coordina/platform';
import { PaymentView, WebhookAck, WebhookParams } from './payments.dto';

export const paymentsRoutes = defineRoutes('payments', [
  {
    method: 'GET',
    path: '/api/payments/:id',
    auth: 'authenticated',
    summary: 'A payment, for its owner or a platform admin',
    params: IdParams,
    response: PaymentView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/payments/webhooks/:provider',
    auth: 'public',
    summary:
      'Provider webhook (sandbox and stripe: Stripe-Signature; paypal: PayPal transmission signature; yape, plin: HMAC of the body), deduplicated by event id: confirms, fails or refunds a payment',
    params: WebhookParams,
    response: WebhookAck,
    status: 200,
    rawBody: true,
  },
]);

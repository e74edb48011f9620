import { defineRoutes, IdParams, mediaBody } from '@coordina/platform';
import { PaymentLogView, PaymentView, RefundBody, RefundView, WebhookAck, WebhookParams } from './payments.dto';

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
    path: '/api/payments/:id/refund',
    auth: ['platform_admin'],
    summary:
      'Refund a captured payment, in part or in full (a platform admin); send an Idempotency-Key: the same key refunds once; never more than captured (409 REFUND_EXCEEDS_CAPTURED)',
    params: IdParams,
    body: RefundBody,
    response: RefundView,
    status: 202,
  },
  {
    method: 'GET',
    path: '/api/payments/:id/log',
    auth: ['platform_admin'],
    summary: "A payment's append-only transaction log, every state change in order (a platform admin)",
    params: IdParams,
    response: PaymentLogView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/payments/:id/receipt',
    auth: 'authenticated',
    summary: "A payment's digital receipt as application/pdf (its payer or a platform admin)",
    params: IdParams,
    response: mediaBody('application/pdf', 'The receipt (PDF)'),
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

import { defineRoutes } from '@coordina/platform';
import {
  CarrierWebhookAck,
  KeyPoolView,
  KeysUploaded,
  OrderFulfilmentParams,
  OrderFulfilmentView,
  ProductKeysParams,
  UploadKeysBody,
} from './logistics.dto';

/** Who manages a product's keys: its seller, GameVault admins and platform admins. */
const sellers = ['seller', 'gamevault_admin', 'platform_admin'] as const;

export const logisticsRoutes = defineRoutes('gamevault-logistics', [
  {
    method: 'POST',
    path: '/api/gamevault/logistics/products/:productId/keys',
    auth: sellers,
    summary:
      "Add keys to a digital product's pool (its seller or an admin); encrypted at rest, a key already in the pool is not added twice",
    params: ProductKeysParams,
    body: UploadKeysBody,
    response: KeysUploaded,
    status: 201,
  },
  {
    method: 'GET',
    path: '/api/gamevault/logistics/products/:productId/keys',
    auth: sellers,
    summary: "A digital product's key pool in counts: available and delivered (never the codes)",
    params: ProductKeysParams,
    response: KeyPoolView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/gamevault/logistics/orders/:orderId',
    auth: 'authenticated',
    summary:
      "An order's fulfilment: its keys (to its buyer only) and its shipment with the carrier's status history (the order view reads it)",
    params: OrderFulfilmentParams,
    response: OrderFulfilmentView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/gamevault/logistics/webhooks/carrier',
    auth: 'public',
    summary:
      'Carrier status webhook (x-carrier-signature: t=<unix>,v1=<HMAC-SHA256 of t.body>; 5 minutes tolerance), deduplicated by event id: label, in transit, delivered',
    response: CarrierWebhookAck,
    status: 200,
    rawBody: true,
  },
]);

import { defineRoutes, IdParams, mediaBody, NoBody } from '@coordina/platform';
import { SalesDashboard } from './dashboard.dto';
import {
  Basket,
  BasketSummary,
  CreatePurchaseBody,
  FaultBody,
  FaultParams,
  FaultView,
  MyPurchasesQuery,
  PurchaseAccepted,
  PurchasePage,
  PurchaseView,
  TicketCodeParams,
} from './purchase.dto';

const Admin = ['platform_admin'] as const;

/** MusicFest ticketing's HTTP contract. The purchase paths are stable: other tools depend on them. */
export const ticketingRoutes = defineRoutes('musicfest-ticketing', [
  {
    method: 'POST',
    path: '/api/musicfest/purchases/summary',
    auth: 'authenticated',
    summary: 'Price a basket: per item price, discount, 3% commission, total, and whether seats are free now',
    body: Basket,
    response: BasketSummary,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/musicfest/purchases',
    auth: 'authenticated',
    policy: 'musicfest',
    summary:
      'Buy: reserve the seats and start the purchase saga (PENDING), or queue for the seats (WAITLISTED, with a position); honours Idempotency-Key',
    body: CreatePurchaseBody,
    response: PurchaseAccepted,
    status: 202,
  },
  {
    method: 'GET',
    path: '/api/musicfest/purchases',
    auth: 'authenticated',
    summary: "The caller's purchases with their tickets, newest first",
    query: MyPurchasesQuery,
    response: PurchasePage,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/musicfest/purchases/:id',
    auth: 'authenticated',
    summary: 'A purchase with its status, waitlist position and tickets (its buyer or a platform admin)',
    params: IdParams,
    response: PurchaseView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/musicfest/purchases/:id/stream',
    auth: 'authenticated',
    summary:
      'Server-Sent Events: the purchase view now and after every change (position, status), until a final status',
    params: IdParams,
    response: mediaBody('text/event-stream', 'Server-Sent Events: `event: purchase` with the purchase view as data'),
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/musicfest/purchases/:id/cancel',
    auth: 'authenticated',
    policy: 'musicfest',
    summary:
      'Leave the waitlist, abandon a pending purchase, or cancel a completed one before the purchase deadline (refunded)',
    params: IdParams,
    response: PurchaseView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/musicfest/tickets/:code/qr',
    auth: 'authenticated',
    summary: "A ticket's QR code as image/png (the ticket's owner or a platform admin)",
    params: TicketCodeParams,
    response: mediaBody('image/png', "The ticket's QR code"),
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/musicfest/events/:id/dashboard',
    auth: ['manager', 'platform_admin'],
    policy: 'musicfest',
    summary: "An event's sales per ticket type, over time, and its waitlist (the event's manager or a platform admin)",
    params: IdParams,
    response: SalesDashboard,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/musicfest/faults',
    auth: Admin,
    summary: 'TEST ONLY (COORDINA_TEST_FAULTS=1, else 404): make the ticket issuer fail for one purchase',
    body: FaultBody,
    response: FaultView,
    status: 200,
  },
  {
    method: 'DELETE',
    path: '/api/musicfest/faults/:purchaseId',
    auth: Admin,
    summary: 'TEST ONLY (COORDINA_TEST_FAULTS=1, else 404): clear the issuer fault of a purchase',
    params: FaultParams,
    response: NoBody,
    status: 204,
  },
]);

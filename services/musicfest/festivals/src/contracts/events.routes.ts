import { defineRoutes, IdParams } from '@coordina/platform';
import {
  CancelEventBody,
  CancelEventQuery,
  CatalogQuery,
  CreateEventBody,
  EventAccepted,
  EventCancelled,
  EventPage,
  EventView,
  ManagerEventsQuery,
  UpdateEventBody,
} from './event.dto';

const managers = ['manager', 'platform_admin'] as const;

export const eventsRoutes = defineRoutes('musicfest-festivals', [
  {
    method: 'GET',
    path: '/api/musicfest/events',
    auth: 'public',
    summary:
      'Events on sale with seats left and lowest price; sort=deadline (default, soonest purchase deadline first), seats (most left first) or name; q searches event or organizer name; paginated and cached',
    query: CatalogQuery,
    response: EventPage,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/musicfest/events/:id',
    auth: 'public',
    summary:
      'An event with its ticket types (price, discount, final price, 3% commission, seats left); events not yet on sale are visible to their manager and platform admins only',
    params: IdParams,
    response: EventView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/musicfest/events',
    auth: managers,
    policy: 'musicfest',
    summary:
      'Create an event and charge its hosting fee (fixed by size: small ≤500 seats S/300, medium ≤5,000 S/1,200, large ≤20,000 S/4,000, massive ≤200,000 S/10,000); PUBLISHED once paid, FEE_DECLINED otherwise',
    body: CreateEventBody,
    response: EventAccepted,
    status: 202,
  },
  {
    method: 'PATCH',
    path: '/api/musicfest/events/:id',
    auth: managers,
    policy: 'musicfest',
    summary:
      'Edit an event and its ticket types (by id; without id adds one); a quantity below the tickets already taken is 409; ticket holders are told when it is on sale',
    params: IdParams,
    body: UpdateEventBody,
    response: EventView,
    status: 200,
  },
  {
    method: 'DELETE',
    path: '/api/musicfest/events/:id',
    auth: managers,
    policy: 'musicfest',
    summary: 'Cancel an event (its manager or a platform admin); every ticket is refunded; idempotent',
    params: IdParams,
    query: CancelEventQuery,
    body: CancelEventBody,
    response: EventCancelled,
    status: 202,
  },
  {
    method: 'GET',
    path: '/api/musicfest/manager/events',
    auth: managers,
    policy: 'musicfest',
    summary: "The caller's events in any status (platform admins: everyone's), newest first",
    query: ManagerEventsQuery,
    response: EventPage,
    status: 200,
  },
]);

import { analyticsService } from '@coordina/analytics';
import { adsService } from '@coordina/chat-ads';
import { channelsService } from '@coordina/chat-channels';
import { mediaService } from '@coordina/chat-media';
import { messagingService } from '@coordina/chat-messaging';
import { catalogService } from '@coordina/gamevault-catalog';
import { communityService } from '@coordina/gamevault-community';
import { logisticsService } from '@coordina/gamevault-logistics';
import { ordersService } from '@coordina/gamevault-orders';
import { identityService } from '@coordina/identity';
import { bookingService } from '@coordina/instudio-booking';
import { salonsService } from '@coordina/instudio-salons';
import { festivalsService } from '@coordina/musicfest-festivals';
import { ticketingService } from '@coordina/musicfest-ticketing';
import { notificationsService } from '@coordina/notifications';
import { paymentsService } from '@coordina/payments';
import type { ServiceManifest } from '@coordina/platform';

/** Every service of the product, in boot order. The CLI is the only place that imports services' manifests. */
export const allServices: readonly ServiceManifest[] = [
  identityService,
  paymentsService,
  notificationsService,
  salonsService,
  bookingService,
  festivalsService,
  ticketingService,
  catalogService,
  logisticsService,
  ordersService,
  communityService,
  messagingService,
  channelsService,
  adsService,
  mediaService,
  analyticsService,
];

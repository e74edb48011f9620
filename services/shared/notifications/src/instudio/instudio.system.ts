import type { NotificationSystem } from '../events/system.parts';
import { InstudioDeliveries } from './instudio.deliveries';
import { InstudioFeed } from './instudio.feed';

/** InStudio's notifications: bookings (confirmations, reminders, cancellations) and promotions. */
export const instudioNotifications: NotificationSystem = {
  name: 'instudio',
  feed: InstudioFeed,
  deliveries: InstudioDeliveries,
};

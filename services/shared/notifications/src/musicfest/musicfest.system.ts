import type { NotificationSystem } from '../events/system.parts';
import { MusicfestConsumer } from './musicfest.consumer';

/** MusicFest's notifications: purchases, waitlist, tickets, event notices, sold-out notices. */
export const musicfestNotifications: NotificationSystem = { name: 'musicfest', consumers: [MusicfestConsumer] };

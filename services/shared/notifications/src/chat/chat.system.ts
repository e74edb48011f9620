import type { NotificationSystem } from '../events/system.parts';
import { ChannelsDigestConsumer } from './channels-digest.consumer';

/** Chat's notifications: the email digest of channel posts a subscriber has not seen. */
export const chatNotifications: NotificationSystem = { name: 'chat', consumers: [ChannelsDigestConsumer] };

import type { NotificationSystem } from '../events/system.parts';
import { GamevaultConsumer } from './gamevault.consumer';

/** GameVault's notifications: order confirmations. */
export const gamevaultNotifications: NotificationSystem = { name: 'gamevault', consumers: [GamevaultConsumer] };

import type { NotificationSystem } from '../events/system.parts';
import { AccessConsumer } from './access.consumer';

/** Access emails of every system's sign-in: codes, reset links, lockouts, suspicious sign-ins. */
export const accessNotifications: NotificationSystem = { name: 'access', consumers: [AccessConsumer] };

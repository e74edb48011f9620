import { accessNotifications } from './access/access.system';
import { chatNotifications } from './chat/chat.system';
import type { NotificationSystem } from './events/system.parts';
import { gamevaultNotifications } from './gamevault/gamevault.system';
import { instudioNotifications } from './instudio/instudio.system';
import { musicfestNotifications } from './musicfest/musicfest.system';

/** The systems notifications serves, one folder each. A new system adds its folder and a line here. */
export const notificationSystems: readonly NotificationSystem[] = [
  accessNotifications,
  instudioNotifications,
  musicfestNotifications,
  gamevaultNotifications,
  chatNotifications,
];

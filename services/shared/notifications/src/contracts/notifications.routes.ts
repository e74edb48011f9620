import { defineRoutes, IdParams, NoBody } from '@coordina/platform';
import { EmailList, EmailsQuery, NotificationFeed } from './notifications.dto';

export const notificationsRoutes = defineRoutes('notifications', [
  {
    method: 'GET',
    path: '/api/notifications/me',
    auth: 'authenticated',
    summary: "The caller's in-app notifications, newest first",
    response: NotificationFeed,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/notifications/:id/read',
    auth: 'authenticated',
    summary: 'Mark one of the caller’s notifications as read',
    params: IdParams,
    response: NoBody,
    status: 204,
  },
  {
    method: 'GET',
    path: '/api/notifications/emails',
    auth: ['platform_admin'],
    summary: 'Emails sent or recorded (newest first), optionally for one recipient',
    query: EmailsQuery,
    response: EmailList,
    status: 200,
  },
]);

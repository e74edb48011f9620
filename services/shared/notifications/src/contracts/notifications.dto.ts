import { z } from 'zod';

export const NotificationKind = z.enum([
  'welcome',
  'booking_confirmed',
  'booking_cancelled',
  'payment_refunded',
  'payment_failed',
  'booking_reminder',
  'promotion',
  'ops_alert',
  'ops_alert_resolved',
  'access_code',
  'password_reset',
  'suspicious_login',
  'account_locked',
  'registration_attempted',
  'purchase_created',
  'purchase_waitlisted',
  'purchase_promoted',
  'tickets_issued',
  'purchase_cancelled',
  'event_changed',
  'event_cancelled',
  'sold_out',
  'order_paid',
  'channel_digest',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationView = z.object({
  id: z.uuid(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  read: z.boolean(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationFeed = z.object({ items: z.array(NotificationView) });
export type NotificationFeed = z.infer<typeof NotificationFeed>;

export const EmailStatus = z.enum(['PENDING', 'SENT', 'RECORDED', 'FAILED']);
export type EmailStatus = z.infer<typeof EmailStatus>;

export const EmailView = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  status: EmailStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  sentAt: z.iso.datetime({ offset: true }).nullable(),
});
export type EmailView = z.infer<typeof EmailView>;

export const EmailsQuery = z.object({ to: z.email().max(254).optional() });
export type EmailsQuery = z.infer<typeof EmailsQuery>;

export const EmailList = z.object({ items: z.array(EmailView) });
export type EmailList = z.infer<typeof EmailList>;

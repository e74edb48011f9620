import { IsoDateTime, SafeText } from '@coordina/platform';
import { z } from 'zod';
import { MessageView } from './messaging.dto';

/** The smallest and largest payment a member may send inside a conversation, in cents (PEN). */
export const MIN_PAYMENT_CENTS = 100;
export const MAX_PAYMENT_CENTS = 500_000;

export const SearchQuery = z.object({
  q: SafeText.pipe(z.string().trim().min(2).max(200)),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000).default(0),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchPage = z.object({
  /** The matching messages of the caller's conversations, best match first (newest first among equals). */
  items: z.array(MessageView),
  hasMore: z.boolean(),
});
export type SearchPage = z.infer<typeof SearchPage>;

export const BlockParams = z.object({ userId: z.uuid() });

export const BlockList = z.object({ items: z.array(z.object({ userId: z.uuid(), blockedAt: IsoDateTime })) });
export type BlockList = z.infer<typeof BlockList>;

export const ReportBody = z.object({ reason: SafeText.pipe(z.string().trim().min(3).max(1_000)) });
export type ReportBody = z.infer<typeof ReportBody>;

export const ReportView = z.object({
  messageId: z.uuid(),
  conversationId: z.uuid(),
  reporterId: z.uuid(),
  senderId: z.uuid(),
  reason: z.string(),
  /** The message's text when it was reported (kept when the sender edits or deletes it after). */
  text: z.string().nullable(),
  reportedAt: IsoDateTime,
});
export type ReportView = z.infer<typeof ReportView>;

export const ReportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ReportListQuery = z.infer<typeof ReportListQuery>;

export const ReportList = z.object({ items: z.array(ReportView), hasMore: z.boolean() });
export type ReportList = z.infer<typeof ReportList>;

/**
 * Money sent to another member: the sender's payment method is charged through payments; the
 * message shows `pending` until the provider's webhook confirms (`paid`) or declines (`failed`).
 */
export const SendPaymentBody = z.object({
  clientId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.:-]+$/, 'letters, digits, _ . : -'),
  toUserId: z.uuid(),
  amountCents: z.number().int().min(MIN_PAYMENT_CENTS).max(MAX_PAYMENT_CENTS),
  /** A card payment method id (the sandbox takes Stripe's test ids: `pm_card_visa`, `pm_card_chargeDeclined`). */
  paymentMethod: z.string().trim().min(1).max(100),
  note: SafeText.pipe(z.string().trim().min(1).max(500)).optional(),
});
export type SendPaymentBody = z.infer<typeof SendPaymentBody>;

export const PaymentSent = z.object({ id: z.uuid(), seq: z.number().int().positive(), paymentId: z.uuid() });
export type PaymentSent = z.infer<typeof PaymentSent>;

export const AddMembersBody = z.object({
  memberIds: z.array(z.uuid()).min(1).max(50),
});
export type AddMembersBody = z.infer<typeof AddMembersBody>;

export const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

export const GroupMembers = z.object({ conversationId: z.uuid(), memberIds: z.array(z.uuid()) });
export type GroupMembers = z.infer<typeof GroupMembers>;

import { IsoDateTime, SafeText } from '@coordina/platform';
import { z } from 'zod';

/** The most members a conversation may have (the creator included). */
export const MAX_MEMBERS = 1_024;
/** The longest message text, in characters. */
export const MAX_TEXT = 4_000;

const Seq = z.number().int().nonnegative();
/** A seq a client names: stored as a PostgreSQL integer, so at most 2^31 - 1. */
export const MAX_SEQ = 2_147_483_647;
const SeqInput = z.coerce.number().int().min(0).max(MAX_SEQ);
const Title = SafeText.pipe(z.string().trim().min(1).max(200));
const MessageText = SafeText.pipe(z.string().trim().min(1).max(MAX_TEXT));

export const ConversationParams = z.object({ id: z.uuid() });
export const MessageParams = z.object({ id: z.uuid(), messageId: z.uuid() });

/** 1:1 when `memberIds` names one other user (no title), a group otherwise. The creator is always a member. */
export const CreateConversationBody = z.object({
  memberIds: z
    .array(z.uuid())
    .min(1)
    .max(MAX_MEMBERS - 1),
  title: Title.optional(),
});
export type CreateConversationBody = z.infer<typeof CreateConversationBody>;

export const ConversationCreated = z.object({ id: z.uuid() });
export type ConversationCreated = z.infer<typeof ConversationCreated>;

export const ConversationKind = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof ConversationKind>;

/** `payment`: money sent to a member (its state in `payment`); `message`: text and media. */
export const MessageKind = z.enum(['message', 'payment']);
export type MessageKind = z.infer<typeof MessageKind>;

export const PaymentStatus = z.enum(['pending', 'paid', 'failed']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** A payment message's money: `pending` until the provider's webhook confirms or declines it. */
export const MessagePayment = z.object({
  paymentId: z.uuid(),
  toUserId: z.uuid(),
  amountCents: z.number().int().positive(),
  currency: z.literal('PEN'),
  status: PaymentStatus,
  /** Why it failed (the provider's decline code), null otherwise. */
  reason: z.string().nullable(),
});
export type MessagePayment = z.infer<typeof MessagePayment>;

export const MessageView = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  seq: Seq,
  senderId: z.uuid(),
  clientId: z.string(),
  /** Null once deleted (the message stays in the history as a tombstone, keeping its seq). */
  text: z.string().nullable(),
  mediaId: z.uuid().nullable(),
  kind: MessageKind,
  /** The money of a `payment` message, null for others. */
  payment: MessagePayment.nullable(),
  /** chat-media processed the media (media.procesada): its variants can be fetched. */
  mediaReady: z.boolean(),
  createdAt: IsoDateTime,
  editedAt: IsoDateTime.nullable(),
  deletedAt: IsoDateTime.nullable(),
});
export type MessageView = z.infer<typeof MessageView>;

export const ConversationView = z.object({
  id: z.uuid(),
  kind: ConversationKind,
  title: z.string().nullable(),
  memberIds: z.array(z.uuid()),
  createdBy: z.uuid(),
  createdAt: IsoDateTime,
  /** The seq of the newest message (0 when none). */
  lastSeq: Seq,
  /** The caller's read receipt: every message up to this seq is read. */
  readSeq: Seq,
  /** Messages of others after `readSeq`, deleted ones left out. */
  unread: z.number().int().nonnegative(),
  lastMessage: MessageView.nullable(),
});
export type ConversationView = z.infer<typeof ConversationView>;

export const ConversationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

export const ConversationList = z.object({ items: z.array(ConversationView) });
export type ConversationList = z.infer<typeof ConversationList>;

/**
 * A page of history in seq order. `before`: the page of messages older than that seq (the
 * newest page when absent); `after`: the messages newer than that seq (what a client that last
 * saw `after` missed). Not both.
 */
export const HistoryQuery = z
  .object({
    before: SeqInput.min(1).optional(),
    after: SeqInput.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.before === undefined || q.after === undefined, {
    path: ['after'],
    message: 'give before or after, not both',
  });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const HistoryPage = z.object({
  items: z.array(MessageView),
  /** More messages exist past this page in the direction asked. */
  hasMore: z.boolean(),
  /**
   * The conversation's change position when this page was read (before its messages): a
   * client that reloaded the history resumes `afterChange` this (decisions 0104, 0116).
   */
  lastChange: z.int().nonnegative(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

/** The kinds of change of a conversation's messages, named as the socket frames that carry them. */
export const ChangeType = z.enum(['message', 'message.edited', 'message.deleted', 'message.payment']);
export type ChangeType = z.infer<typeof ChangeType>;

/**
 * Changes after a position of the conversation's change counter (decision 0104): `after`, or
 * the position where the message `afterSeq` was sent (a client that kept only seqs).
 */
export const ChangesQuery = z
  .object({
    after: SeqInput.optional(),
    afterSeq: SeqInput.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  })
  .refine((q) => q.after === undefined || q.afterSeq === undefined, {
    path: ['afterSeq'],
    message: 'give after or afterSeq, not both',
  });
export type ChangesQuery = z.infer<typeof ChangesQuery>;

/** One change: its position, what it was, and the message as it is now (a deleted one's text is gone). */
export const MessageChange = z.object({ change: Seq, type: ChangeType, message: MessageView });
export type MessageChange = z.infer<typeof MessageChange>;

export const ChangesPage = z.object({
  /** The position this page starts after (resolved from `afterSeq` when given). */
  after: Seq,
  items: z.array(MessageChange),
  /** More changes exist past this page. */
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;

/** A message: text, media or both. `clientId` is the sender's own id for it: a repeat is stored once. */
export const SendMessageBody = z
  .object({
    clientId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[\w.:-]+$/, 'letters, digits, _ . : -'),
    text: MessageText.optional(),
    mediaId: z.uuid().optional(),
  })
  .refine((b) => b.text !== undefined || b.mediaId !== undefined, {
    path: ['text'],
    message: 'a message needs text or a mediaId',
  });
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const MessageSent = z.object({ id: z.uuid(), seq: Seq });
export type MessageSent = z.infer<typeof MessageSent>;

export const EditMessageBody = z.object({ text: MessageText });
export type EditMessageBody = z.infer<typeof EditMessageBody>;

export const ReadBody = z.object({ upToSeq: z.number().int().min(0).max(MAX_SEQ) });
export type ReadBody = z.infer<typeof ReadBody>;

export const ReadReceipt = z.object({ conversationId: z.uuid(), readSeq: Seq });
export type ReadReceipt = z.infer<typeof ReadReceipt>;

/** A socket opened (`online`), closed (`offline`) or is still open (`alive`, every `refreshMs` of the last answer). */
export const PresenceBody = z.object({ state: z.enum(['online', 'offline', 'alive']) });
export type PresenceBody = z.infer<typeof PresenceBody>;

export const PresenceView = z.object({
  userId: z.uuid(),
  online: z.boolean(),
  /** When the user was last connected (null: never). */
  lastSeenAt: IsoDateTime.nullable(),
});
export type PresenceView = z.infer<typeof PresenceView>;

/** The presence after a socket was counted, and how often an open socket must refresh it (ms). */
export const PresenceRecorded = PresenceView.extend({ refreshMs: z.int().positive() });
export type PresenceRecorded = z.infer<typeof PresenceRecorded>;

export const PresenceQuery = z.object({
  /** Comma-separated user ids: those sharing a conversation with the caller are answered, others left out. */
  userIds: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.uuid()).min(1).max(200)),
});
export type PresenceQuery = z.infer<typeof PresenceQuery>;

export const PresenceList = z.object({ items: z.array(PresenceView) });
export type PresenceList = z.infer<typeof PresenceList>;

import { IsoDateTime } from '@coordina/platform';
import { z } from 'zod';
import { MAX_SEQ, MessageView, ReadBody, SendMessageBody } from './messaging.dto';

/** The chat socket's path on every gateway (decision 0082). */
export const CHAT_SOCKET_PATH = '/api/chat/ws';

const Seq = z.number().int().min(0).max(MAX_SEQ);
/** A client's label for a frame, echoed in the answer (`sent` or `error`). */
const Ref = z.string().max(100).optional();

/**
 * Where a client left a conversation: `afterChange`, the newest change position it saw (every
 * change after it comes: new messages, edits, deletes, payments; decision 0104), or only
 * `afterSeq`, its newest seq (changes from where that message was sent). One of them.
 */
const ResumePoint = z
  .object({ conversationId: z.uuid(), afterChange: Seq.optional(), afterSeq: Seq.optional() })
  .refine((r) => r.afterChange !== undefined || r.afterSeq !== undefined, {
    path: ['afterChange'],
    message: 'give afterChange (or afterSeq)',
  });
export type ResumePoint = z.infer<typeof ResumePoint>;
const ResumeFrame = z
  .object({
    type: z.literal('resume'),
    ref: Ref,
    conversationId: z.uuid(),
    afterChange: Seq.optional(),
    afterSeq: Seq.optional(),
  })
  .refine((r) => r.afterChange !== undefined || r.afterSeq !== undefined, {
    path: ['afterChange'],
    message: 'give afterChange (or afterSeq)',
  });
const SendFrame = SendMessageBody.safeExtend({ type: z.literal('send'), ref: Ref, conversationId: z.uuid() });
const ReadFrame = ReadBody.extend({ type: z.literal('read'), ref: Ref, conversationId: z.uuid() });
const TypingFrame = z.object({ type: z.literal('typing'), ref: Ref, conversationId: z.uuid() });

/** What a client saw last, per conversation, given in `auth` so catch-up starts before any live frame. */
export const AuthResume = z.array(ResumePoint).max(1000);

/** Frames a client sends after `auth`, by type (each may carry a `ref`, echoed in its answer). */
export const ClientFrame = z.discriminatedUnion('type', [ResumeFrame, SendFrame, ReadFrame, TypingFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const clientFrames = {
  auth: {
    description:
      'The access token, as the first frame (or offer the subprotocols `coordina.v1` and `bearer.<token>` instead). Without a valid token within 5 s the socket closes with 4401; sent again later, it replaces an expiring token of the same user. A token in the URL closes the socket with 4400. `resume` lists the last seq seen per conversation: their catch-up starts before any live frame, so each comes strictly in seq order.',
    schema: z.object({ type: z.literal('auth'), token: z.string(), resume: AuthResume.optional() }),
  },
  resume: {
    description:
      'Catch up a conversation: every change after `afterChange` (the newest `change` this client saw: new messages, edits, deletes and payment updates of any message, old ones included), in change order, then `resumed`; live changes follow with no loss and no repeat (changes this socket delivered live before the resume are not repeated: the missed ones below them come after them). A client that kept only seqs gives `afterSeq`: the changes from where that message was sent. A conversation the caller is not a member of answers an `error` 404.',
    schema: ResumeFrame,
  },
  send: {
    description:
      'Send a message (as `POST /api/chat/conversations/{id}/messages`: a clientId sent twice is stored once); answered by `sent` or `error`.',
    schema: SendFrame,
  },
  read: {
    description: "Move the caller's read receipt forward (as `POST /api/chat/conversations/{id}/read`).",
    schema: ReadFrame,
  },
  typing: {
    description: 'The caller is typing: the other members online get `typing` (never stored).',
    schema: TypingFrame,
  },
} as const;

const MessageFrame = (type: string) =>
  z.object({
    type: z.literal(type),
    message: MessageView,
    /** The change's position in the conversation's change counter: resume from the newest seen (decision 0104). */
    change: Seq,
    /** The conversation's member count (live messages only): above 64, no delivery receipts. */
    memberCount: z.number().int().positive().optional(),
  });

export const serverFrames = {
  ready: {
    description: 'The socket is authenticated; frames for its user flow from now on.',
    schema: z.object({ type: z.literal('ready'), userId: z.uuid() }),
  },
  message: {
    description:
      "A conversation's new message, live or caught up; per conversation in change order (so in seq order), each change once per socket.",
    schema: MessageFrame('message'),
  },
  'message.edited': {
    description: 'A message was edited (as it is now); caught up on resume like new messages.',
    schema: MessageFrame('message.edited'),
  },
  'message.deleted': {
    description: 'A message was deleted (a tombstone keeping its seq).',
    schema: MessageFrame('message.deleted'),
  },
  'message.payment': {
    description: "A payment message moved from pending to paid or failed (the provider's webhook confirmed it).",
    schema: MessageFrame('message.payment'),
  },
  'media.ready': {
    description: 'A media the user uploaded or sees in a conversation was processed: its variants can be fetched.',
    schema: z.object({
      type: z.literal('media.ready'),
      mediaId: z.uuid(),
      kind: z.string(),
      conversationIds: z.array(z.uuid()),
    }),
  },
  'channel.post': {
    description: 'A channel the user follows (not muted) published a post.',
    schema: z.object({
      type: z.literal('channel.post'),
      channelId: z.uuid(),
      channelTitle: z.string(),
      postId: z.uuid(),
      excerpt: z.string(),
      at: IsoDateTime,
    }),
  },
  resumed: {
    description:
      'The catch-up a `resume` asked for is done: `lastChange` is the newest change position sent (`lastSeq` the newest seq this socket sent, or the one given); live from here.',
    schema: z.object({
      type: z.literal('resumed'),
      ref: Ref,
      conversationId: z.uuid(),
      lastSeq: Seq,
      lastChange: Seq,
    }),
  },
  sent: {
    description: 'A `send` was stored (or had been: same clientId) with its id and seq.',
    schema: z.object({
      type: z.literal('sent'),
      ref: Ref,
      conversationId: z.uuid(),
      clientId: z.string(),
      id: z.uuid(),
      seq: Seq,
    }),
  },
  delivered: {
    description:
      "Delivery receipt: a member's socket received the conversation's messages up to `upToSeq` (conversations of up to 64 members).",
    schema: z.object({ type: z.literal('delivered'), conversationId: z.uuid(), userId: z.uuid(), upToSeq: Seq }),
  },
  read: {
    description: "Read receipt: a member's read receipt moved to `readSeq`.",
    schema: z.object({ type: z.literal('read'), conversationId: z.uuid(), userId: z.uuid(), readSeq: Seq }),
  },
  typing: {
    description: 'A member is typing (ephemeral: show it for a few seconds).',
    schema: z.object({ type: z.literal('typing'), conversationId: z.uuid(), userId: z.uuid(), at: IsoDateTime }),
  },
  presence: {
    description:
      'A user sharing a conversation with the socket’s user came online (their first socket on any gateway opened) or went offline (their last one closed; `lastSeenAt` is kept). Sent to the members of the user’s 50 latest conversations (1:1 first), groups of up to 256 members, at most 1,000 users per change; the others read `GET /api/chat/presence`.',
    schema: z.object({
      type: z.literal('presence'),
      userId: z.uuid(),
      online: z.boolean(),
      lastSeenAt: IsoDateTime.nullable(),
    }),
  },
  resync: {
    description:
      'The conversation’s changes after the position asked (a `resume`, or a catch-up of a socket that was behind) are no longer kept (decision 0116): reload the history (`GET /api/chat/conversations/{id}/messages`, whose `lastChange` is where it stands), then `resume` with `afterChange` that. Nothing of this conversation comes on this socket until that resume.',
    schema: z.object({
      type: z.literal('resync'),
      ref: Ref,
      conversationId: z.uuid(),
    }),
  },
  error: {
    description: 'A frame was refused: the HTTP status and problem title it would have had, the field when invalid.',
    schema: z.object({
      type: z.literal('error'),
      ref: Ref,
      status: z.number().int(),
      title: z.string(),
      detail: z.string().optional(),
      field: z.string().optional(),
    }),
  },
} as const;

import { IsoDateTime } from '@coordina/platform';
import { z } from 'zod';
import { MAX_SEQ, MessageView, ReadBody, SendMessageBody } from './messaging.dto';

/** The chat socket's path on every gateway (decision 0082). */
export const CHAT_SOCKET_PATH = '/api/chat/ws';

const Seq = z.number().int().min(0).max(MAX_SEQ);
/** A client's label for a frame, echoed in the answer (`sent` or `error`). */
const Ref = z.string().max(100).optional();

const ResumeFrame = z.object({ type: z.literal('resume'), ref: Ref, conversationId: z.uuid(), afterSeq: Seq });
const SendFrame = SendMessageBody.safeExtend({ type: z.literal('send'), ref: Ref, conversationId: z.uuid() });
const ReadFrame = ReadBody.extend({ type: z.literal('read'), ref: Ref, conversationId: z.uuid() });
const TypingFrame = z.object({ type: z.literal('typing'), ref: Ref, conversationId: z.uuid() });

/** What a client saw last, per conversation, given in `auth` so catch-up starts before any live frame. */
export const AuthResume = z.array(z.object({ conversationId: z.uuid(), afterSeq: Seq })).max(1000);

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
      'Catch up a conversation: every message after `afterSeq` (the last seq this client saw), in seq order, then `resumed`; live messages follow with no loss and no repeat (messages this socket delivered live before the resume are not repeated: the missed ones below them come after them). A conversation the caller is not a member of answers an `error` 404.',
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
      "A conversation's message, live or caught up; per conversation in seq order, each seq once per socket.",
    schema: MessageFrame('message'),
  },
  'message.edited': { description: 'A message was edited (as it is now).', schema: MessageFrame('message.edited') },
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
    description: 'The catch-up a `resume` asked for is done: `lastSeq` is the newest seq sent; live from here.',
    schema: z.object({ type: z.literal('resumed'), ref: Ref, conversationId: z.uuid(), lastSeq: Seq }),
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
      'A 1:1 partner came online or went offline (`lastSeenAt` is stored; group members read it at `GET /api/chat/presence`).',
    schema: z.object({
      type: z.literal('presence'),
      userId: z.uuid(),
      online: z.boolean(),
      lastSeenAt: IsoDateTime.nullable(),
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

import { defineEvent, IsoDateTime } from '@coordina/platform';
import { z } from 'zod';
import { ConversationKind, MessageView } from './messaging.dto';

/** A conversation was started; its members are fixed at creation. */
export const ConversacionCreada = defineEvent({
  topic: 'conversacion.creada',
  version: 1,
  key: (d) => d.conversationId,
  description: 'A chat conversation (1:1 or group) was created with its members.',
  schema: z.object({
    conversationId: z.uuid(),
    kind: ConversationKind,
    title: z.string().nullable(),
    memberIds: z.array(z.uuid()),
    createdBy: z.uuid(),
    at: IsoDateTime,
  }),
});

const MessageFact = z.object({ message: MessageView, memberIds: z.array(z.uuid()), at: IsoDateTime });

/** A message was stored with its seq; keyed by conversation, so a conversation's messages keep their order. */
export const MensajeEnviado = defineEvent({
  topic: 'mensaje.enviado',
  version: 1,
  key: (d) => d.message.conversationId,
  description: "A chat message was stored with its conversation's next seq; members to notify are listed.",
  schema: MessageFact,
});

/** The sender changed a message's text. */
export const MensajeEditado = defineEvent({
  topic: 'mensaje.editado',
  version: 1,
  key: (d) => d.message.conversationId,
  description: 'A chat message was edited by its sender; the event carries it as it is now.',
  schema: MessageFact,
});

/** The sender deleted a message; it stays as a tombstone (text and media gone, seq kept). */
export const MensajeEliminado = defineEvent({
  topic: 'mensaje.eliminado',
  version: 1,
  key: (d) => d.message.conversationId,
  description: 'A chat message was deleted by its sender (a tombstone keeps its seq).',
  schema: MessageFact,
});

/** A member's read receipt moved forward. */
export const ConversacionLeida = defineEvent({
  topic: 'conversacion.leida',
  version: 1,
  key: (d) => d.conversationId,
  description: 'A member read a conversation up to a seq (read receipts; only moves forward).',
  schema: z.object({
    conversationId: z.uuid(),
    userId: z.uuid(),
    readSeq: z.number().int().nonnegative(),
    at: IsoDateTime,
  }),
});

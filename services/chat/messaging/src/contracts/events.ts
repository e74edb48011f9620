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

const MessageFact = z.object({
  message: MessageView,
  /**
   * The members when it was sent: listed for a message with media (the media service lets them
   * read it) and in facts older than decision 0132; otherwise read by the consumer that needs them.
   */
  memberIds: z.array(z.uuid()).optional(),
  /** The version of the conversation's member list when it was sent (decision 0132); absent in older facts. */
  membersVersion: z.number().int().positive().optional(),
  /** The change's position in the conversation's change counter (decision 0104); absent in facts older than it. */
  change: z.number().int().positive().optional(),
  at: IsoDateTime,
});

/** A fact about one message, keyed by its conversation so a conversation's messages keep their order. */
const messageEvent = <T extends string>(topic: T, description: string) =>
  defineEvent({ topic, version: 1, key: (d) => d.message.conversationId, description, schema: MessageFact });

/** A message was stored with its seq. */
export const MensajeEnviado = messageEvent(
  'mensaje.enviado',
  "A chat message was stored with its conversation's next seq; it names the version of the member list to notify (the list itself when it carries media).",
);

/** The sender changed a message's text. */
export const MensajeEditado = messageEvent(
  'mensaje.editado',
  'A chat message was edited by its sender; the event carries it as it is now.',
);

/** The sender deleted a message; it stays as a tombstone (text and media gone, seq kept). */
export const MensajeEliminado = messageEvent(
  'mensaje.eliminado',
  'A chat message was deleted by its sender (a tombstone keeps its seq).',
);

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

/** A payment message's money was settled by the provider's webhook (paid) or declined (failed). */
export const MensajePagoActualizado = messageEvent(
  'mensaje.pago-actualizado',
  "A payment message moved from pending to paid or failed, as the provider's webhook-confirmed reply said; the event carries the message as it is now.",
);

/** A group's members changed: its creator added or removed some, or a member left. */
export const ConversacionMiembrosCambiados = defineEvent({
  topic: 'conversacion.miembros-cambiados',
  version: 1,
  key: (d) => d.conversationId,
  description: "A group's members changed (added or removed by its creator, or a member left); members now listed.",
  schema: z.object({
    conversationId: z.uuid(),
    added: z.array(z.uuid()),
    removed: z.array(z.uuid()),
    memberIds: z.array(z.uuid()),
    by: z.uuid(),
    at: IsoDateTime,
  }),
});

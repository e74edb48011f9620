import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ConversacionLeida, MensajeEditado, MensajeEliminado, MensajeEnviado } from '../contracts/events';
import type {
  ChangesPage,
  ChangesQuery,
  ChangeType,
  EditMessageBody,
  HistoryPage,
  HistoryQuery,
  MessageSent,
  MessageView,
  ReadReceipt,
  SendMessageBody,
} from '../contracts/messaging.dto';
import { MessagingErrors } from '../contracts/messaging.errors';
import { ChangesRepository } from '../db/changes.repository';
import { ConversationsRepository } from '../db/conversations.repository';
import { MessagesRepository } from '../db/messages.repository';
import { blockedByUser } from './blocks.service';
import { notFound } from './conversations.service';

/** Thrown inside a send's transaction to roll its seq back when the clientId was used already. */
class RepeatedClientId extends Error {}

/** Sending, reading, editing and deleting messages, members only; every write with its event (outbox). */
@Injectable()
export class MessagesService {
  readonly #conversations = new ConversationsRepository();
  readonly #messages = new MessagesRepository();
  readonly #changes = new ChangesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /**
   * The conversation's next seq, the message, its change and the sender's read receipt in one
   * statement, then its fact, in one transaction (decisions 0080, 0132): the conversation's row
   * lock is held for two round trips. A clientId the sender used here before rolls the
   * transaction back (its seq with it) and answers the stored message.
   */
  async send(user: AuthUser, conversationId: string, body: SendMessageBody): Promise<MessageSent> {
    try {
      return await this.ctx.db.transaction(async (tx) => {
        const sent = await this.#messages.send(tx, {
          id: randomUUID(),
          conversationId,
          senderId: user.id,
          clientId: body.clientId,
          text: body.text ?? null,
          mediaId: body.mediaId ?? null,
        });
        if (sent.kind === 'notMember') throw notFound(conversationId);
        if (sent.kind === 'blocked') throw blockedByUser();
        if (sent.kind === 'repeated') throw new RepeatedClientId();
        await this.#publish(tx, MensajeEnviado, sent.message, sent);
        return { id: sent.message.id, seq: sent.message.seq };
      });
    } catch (err) {
      if (!(err instanceof RepeatedClientId)) throw err;
      const stored = await this.#messages.byClientId(this.ctx.db.db, conversationId, user.id, body.clientId);
      if (!stored) throw new AppError('CONFLICT', `clientId ${body.clientId} is being sent, retry`);
      return { id: stored.id, seq: stored.seq };
    }
  }

  async history(user: AuthUser, conversationId: string, query: HistoryQuery): Promise<HistoryPage> {
    const db = this.ctx.db.db;
    if (!(await this.#conversations.isMember(db, conversationId, user.id))) throw notFound(conversationId);
    return this.#messages.history(db, conversationId, query);
  }

  /** What a socket missed: every change after a position, in order (decision 0104). */
  async changes(user: AuthUser, conversationId: string, query: ChangesQuery): Promise<ChangesPage> {
    const db = this.ctx.db.db;
    if (!(await this.#conversations.isMember(db, conversationId, user.id))) throw notFound(conversationId);
    return this.#changes.after(db, conversationId, query);
  }

  async edit(user: AuthUser, conversationId: string, messageId: string, body: EditMessageBody): Promise<MessageView> {
    return this.ctx.db.transaction(async (tx) => {
      await this.#requireMember(tx, conversationId, user);
      const edited = await this.#messages.edit(tx, conversationId, messageId, user.id, body.text);
      if (!edited) throw await this.#whyNot(tx, conversationId, messageId, user);
      await this.#announce(tx, MensajeEditado, 'message.edited', edited);
      return edited;
    });
  }

  /** Idempotent: deleting a deleted message of one's own answers 204 again, without a second event. */
  async remove(user: AuthUser, conversationId: string, messageId: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      await this.#requireMember(tx, conversationId, user);
      const deleted = await this.#messages.delete(tx, conversationId, messageId, user.id);
      if (deleted) return this.#announce(tx, MensajeEliminado, 'message.deleted', deleted);
      const why = await this.#whyNot(tx, conversationId, messageId, user);
      if (why.code !== MessagingErrors.MESSAGE_DELETED.code) throw why;
    });
  }

  async read(user: AuthUser, conversationId: string, upToSeq: number): Promise<ReadReceipt> {
    return this.ctx.db.transaction(async (tx) => {
      const receipt = await this.#conversations.markRead(tx, conversationId, user.id, upToSeq);
      if (!receipt) throw notFound(conversationId);
      if (receipt.moved)
        await this.ctx.bus.publish(tx, ConversacionLeida, {
          conversationId,
          userId: user.id,
          readSeq: receipt.readSeq,
          at: new Date().toISOString(),
        });
      return { conversationId, readSeq: receipt.readSeq };
    });
  }

  async #requireMember(tx: Tx, conversationId: string, user: AuthUser): Promise<void> {
    if (!(await this.#conversations.isMember(tx, conversationId, user.id))) throw notFound(conversationId);
  }

  /** Why the caller's edit or delete of a message changed nothing. */
  async #whyNot(tx: Tx, conversationId: string, messageId: string, user: AuthUser): Promise<AppError> {
    const message = await this.#messages.find(tx, conversationId, messageId);
    if (!message) return new AppError('NOT_FOUND', `message ${messageId} not found`);
    if (message.senderId !== user.id)
      return new AppError(MessagingErrors.NOT_MESSAGE_SENDER, `message ${messageId} was sent by another member`);
    return new AppError(MessagingErrors.MESSAGE_DELETED, `message ${messageId} was deleted`);
  }

  /** Logs the change at the conversation's next change position and puts its fact in the outbox. */
  async #announce(
    tx: Tx,
    event: typeof MensajeEditado | typeof MensajeEliminado,
    type: ChangeType,
    message: MessageView,
  ): Promise<void> {
    await this.#publish(tx, event, message, await this.#changes.record(tx, message.conversationId, message.id, type));
  }

  /**
   * The message's fact: with the version of the member list, not the list (decision 0132), except
   * for a message with media, whose members the media service lets read it.
   */
  async #publish(
    tx: Tx,
    event: typeof MensajeEnviado | typeof MensajeEditado | typeof MensajeEliminado,
    message: MessageView,
    at: { change: number; membersVersion: number },
  ): Promise<void> {
    await this.ctx.bus.publish(tx, event, {
      message,
      ...(message.mediaId ? { memberIds: await this.#conversations.memberIds(tx, message.conversationId) } : {}),
      membersVersion: at.membersVersion,
      change: at.change,
      at: new Date().toISOString(),
    });
  }
}

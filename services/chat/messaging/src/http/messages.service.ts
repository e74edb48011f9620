import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AuthUser,
  GroupCommit,
  SERVICE_CONTEXT,
  type ServiceContext,
  type Tx,
} from '@coordina/platform';
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
import { MessagesRepository, type OutgoingMessage } from '../db/messages.repository';
import { LiveMessages, type MessageFact } from '../realtime/live-messages';
import { blockedByUser } from './blocks.service';
import { notFound } from './conversations.service';

/** The most sends to one conversation committed together. */
const MAX_SEND_BATCH = 100;

/** Thrown inside a send's transaction to roll its seq back when the clientId was used already. */
class RepeatedClientId extends Error {}

/** Sending, reading, editing and deleting messages, members only; every write with its event (outbox). */
@Injectable()
export class MessagesService {
  readonly #conversations = new ConversationsRepository();
  readonly #messages = new MessagesRepository();
  readonly #changes = new ChangesRepository();
  readonly #sending = new Map<string, { commit: GroupCommit<OutgoingMessage, MessageSent>; waiting: number }>();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly live: LiveMessages,
  ) {}

  /**
   * Sends to one conversation are committed in batches (decision 0134): alone, a send is its own
   * batch at once; while a batch holds the conversation's row lock, the sends that arrive queue
   * here and go together in the next one, one statement for all of them (seq, message, change,
   * receipt: decision 0132), one outbox statement for their facts, one commit. A clientId the
   * sender used here before rolls its batch back (seqs with it): each of its sends is then run
   * alone, and the repeated one answers the stored message.
   */
  async send(user: AuthUser, conversationId: string, body: SendMessageBody): Promise<MessageSent> {
    try {
      return await this.#submit(conversationId, {
        id: randomUUID(),
        senderId: user.id,
        clientId: body.clientId,
        text: body.text ?? null,
        mediaId: body.mediaId ?? null,
      });
    } catch (err) {
      if (!(err instanceof RepeatedClientId)) throw err;
      const stored = await this.#messages.byClientId(this.ctx.db.db, conversationId, user.id, body.clientId);
      if (!stored) throw new AppError('CONFLICT', `clientId ${body.clientId} is being sent, retry`);
      return { id: stored.id, seq: stored.seq };
    }
  }

  /** The conversation's batches while it has sends waiting or in flight (then forgotten). */
  #submit(conversationId: string, message: OutgoingMessage): Promise<MessageSent> {
    let batches = this.#sending.get(conversationId);
    if (!batches) {
      batches = {
        commit: new GroupCommit<OutgoingMessage, MessageSent>((sends) => this.#sendBatch(conversationId, sends), {
          maxBatch: MAX_SEND_BATCH,
        }),
        waiting: 0,
      };
      this.#sending.set(conversationId, batches);
    }
    const mine = batches;
    mine.waiting++;
    return mine.commit.submit(message).finally(() => {
      if (--mine.waiting === 0 && this.#sending.get(conversationId) === mine) this.#sending.delete(conversationId);
    });
  }

  async #sendBatch(conversationId: string, sends: readonly OutgoingMessage[]): Promise<(MessageSent | Error)[]> {
    // Committed: the members' sockets are told now, not after the outbox's way round (decision 0135).
    return this.#telling('message', async (tx, tell) => {
      const outcomes = await this.#messages.sendMany(tx, conversationId, sends);
      if (outcomes.some((o) => o.kind === 'repeated')) throw new RepeatedClientId();
      tell(
        await this.#publish(
          tx,
          MensajeEnviado,
          conversationId,
          outcomes.flatMap((o) => (o.kind === 'sent' ? [o] : [])),
        ),
      );
      return outcomes.map((o): MessageSent | Error =>
        o.kind === 'sent'
          ? { id: o.message.id, seq: o.message.seq }
          : o.kind === 'blocked'
            ? blockedByUser()
            : notFound(conversationId),
      );
    });
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
    return this.#telling('message.edited', async (tx, tell) => {
      await this.#requireMember(tx, conversationId, user);
      const edited = await this.#messages.edit(tx, conversationId, messageId, user.id, body.text);
      if (!edited) throw await this.#whyNot(tx, conversationId, messageId, user);
      tell(await this.#announce(tx, MensajeEditado, 'message.edited', edited));
      return edited;
    });
  }

  /** Idempotent: deleting a deleted message of one's own answers 204 again, without a second event. */
  async remove(user: AuthUser, conversationId: string, messageId: string): Promise<void> {
    await this.#telling('message.deleted', async (tx, tell) => {
      await this.#requireMember(tx, conversationId, user);
      const deleted = await this.#messages.delete(tx, conversationId, messageId, user.id);
      if (deleted) return tell(await this.#announce(tx, MensajeEliminado, 'message.deleted', deleted));
      const why = await this.#whyNot(tx, conversationId, messageId, user);
      if (why.code !== MessagingErrors.MESSAGE_DELETED.code) throw why;
    });
  }

  /** A transaction whose message facts (given to `tell`) the members are told of once it commits (decision 0135). */
  async #telling<T>(type: ChangeType, work: (tx: Tx, tell: (facts: MessageFact[]) => void) => Promise<T>): Promise<T> {
    let facts: MessageFact[] = [];
    const result = await this.ctx.db.transaction((tx) =>
      work(tx, (f) => {
        facts = f;
      }),
    );
    void this.live.tellNow(type, facts);
    return result;
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
  ): Promise<MessageFact[]> {
    const at = await this.#changes.record(tx, message.conversationId, message.id, type);
    return this.#publish(tx, event, message.conversationId, [{ message, ...at }]);
  }

  /**
   * The messages' facts, in one outbox statement: with the version of the member list, not the
   * list (decision 0132), except for a message with media, whose members the media service lets
   * read it (read once for all of them). Answers the facts, for telling the members once committed.
   */
  async #publish(
    tx: Tx,
    event: typeof MensajeEnviado | typeof MensajeEditado | typeof MensajeEliminado,
    conversationId: string,
    changes: readonly { message: MessageView; change: number; membersVersion: number }[],
  ): Promise<MessageFact[]> {
    const memberIds = changes.some((c) => c.message.mediaId)
      ? await this.#conversations.memberIds(tx, conversationId)
      : undefined;
    const at = new Date().toISOString();
    const facts = changes.map((c) => ({
      message: c.message,
      ...(c.message.mediaId ? { memberIds } : {}),
      membersVersion: c.membersVersion,
      change: c.change,
      at,
    }));
    await this.ctx.bus.publishMany(tx, event, facts);
    return facts;
  }
}

import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { MensajeEnviado } from '../contracts/events';
import type { PaymentSent, SendPaymentBody } from '../contracts/extras.dto';
import { BlocksRepository } from '../db/blocks.repository';
import { ChangesRepository } from '../db/changes.repository';
import { ConversationsRepository } from '../db/conversations.repository';
import { MessagePaymentsRepository } from '../db/message-payments.repository';
import { MessagesRepository } from '../db/messages.repository';
import { CONVERSATION_PAYMENT_SAGA, type ConversationPaymentState } from '../events/conversation-payment.saga';
import { blockedByUser, fieldError } from './blocks.service';
import { notFound } from './conversations.service';

/** Thrown inside the transaction to roll its seq back when the clientId was used already. */
class RepeatedPayment extends Error {}

/** Money sent to another member: a payment message, pending until payments' webhook-confirmed reply. */
@Injectable()
export class ConversationPaymentsService {
  readonly #conversations = new ConversationsRepository();
  readonly #messages = new MessagesRepository();
  readonly #payments = new MessagePaymentsRepository();
  readonly #blocks = new BlocksRepository();
  readonly #changes = new ChangesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /**
   * One transaction: the conversation's next seq, the payment message (pending), its money, the
   * sender's read receipt, `mensaje.enviado` and the start of the payment saga, whose first
   * command (`pago.solicitar`) goes out through the outbox. A clientId the sender used before
   * answers the stored payment.
   */
  async send(user: AuthUser, conversationId: string, body: SendPaymentBody): Promise<PaymentSent> {
    const payeeId = body.toUserId.toLowerCase();
    if (payeeId === user.id.toLowerCase()) throw fieldError('body.toUserId', 'you cannot pay yourself');
    try {
      return await this.ctx.db.transaction(async (tx) => {
        const seq = await this.#conversations.nextSeq(tx, conversationId, user.id);
        if (seq === undefined) throw notFound(conversationId);
        if (await this.#blocks.blockedInDirect(tx, conversationId, user.id)) throw blockedByUser();
        if (!(await this.#conversations.isMember(tx, conversationId, payeeId)))
          throw fieldError('body.toUserId', 'not a member of this conversation');
        const inserted = await this.#messages.insert(tx, {
          id: randomUUID(),
          conversationId,
          seq,
          senderId: user.id,
          clientId: body.clientId,
          text: body.note ?? null,
          mediaId: null,
          kind: 'payment',
        });
        if (!inserted) throw new RepeatedPayment();
        const paymentId = randomUUID();
        await this.#payments.insert(tx, {
          messageId: inserted.id,
          paymentId,
          conversationId,
          payerId: user.id,
          payeeId,
          amountCents: body.amountCents,
        });
        await this.#conversations.markRead(tx, conversationId, user.id, seq);
        const message = await this.#messages.find(tx, conversationId, inserted.id);
        const { change, membersVersion } = await this.#changes.record(tx, conversationId, inserted.id, 'message');
        if (message)
          await this.ctx.bus.publish(tx, MensajeEnviado, {
            message,
            membersVersion,
            change,
            at: new Date().toISOString(),
          });
        const state: ConversationPaymentState = {
          messageId: inserted.id,
          conversationId,
          paymentId,
          payerId: user.id,
          payeeId,
          amountCents: body.amountCents,
          paymentMethod: body.paymentMethod,
        };
        await this.ctx.sagas.start(tx, CONVERSATION_PAYMENT_SAGA, inserted.id, state);
        return { id: inserted.id, seq, paymentId };
      });
    } catch (err) {
      if (!(err instanceof RepeatedPayment)) throw err;
      const stored = await this.#messages.byClientId(this.ctx.db.db, conversationId, user.id, body.clientId);
      if (!stored?.payment) throw new AppError('CONFLICT', `body.clientId: ${body.clientId} names another message`);
      return { id: stored.id, seq: stored.seq, paymentId: stored.payment.paymentId };
    }
  }
}

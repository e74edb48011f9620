import { AUTHORIZE_PAYMENT, authorizePayment } from '@coordina/payments/contracts';
import { defineSaga, type SagaDefinition, type SagaFailure, type StepContext } from '@coordina/platform';
import { MensajePagoActualizado } from '../contracts/events';
import type { PaymentStatus } from '../contracts/messaging.dto';
import { ChangesRepository } from '../db/changes.repository';
import { MessagePaymentsRepository } from '../db/message-payments.repository';
import { MessagesRepository } from '../db/messages.repository';

export const CONVERSATION_PAYMENT_SAGA = 'chat.conversation-payment';

export interface ConversationPaymentState extends Record<string, unknown> {
  messageId: string;
  conversationId: string;
  paymentId: string;
  payerId: string;
  payeeId: string;
  amountCents: number;
  paymentMethod: string;
}

/**
 * Money sent inside a conversation (decision 0090): RecordPayment (the request's transaction
 * stored the pending payment message) / FailPayment, payments' AuthorizePayment /
 * RefundPayment, then MarkPaid. The message leaves `pending` only here, on payments' reply,
 * which payments sends once the provider's signed webhook confirmed or declined the charge.
 */
export function conversationPaymentSaga(timeoutMs: number): SagaDefinition<ConversationPaymentState> {
  const payments = new MessagePaymentsRepository();
  const messages = new MessagesRepository();
  const changes = new ChangesRepository();

  /** Moves the payment out of pending once and tells the members with the message as it is now. */
  const settle = async (
    s: ConversationPaymentState,
    ctx: StepContext,
    status: Exclude<PaymentStatus, 'pending'>,
    reason: string | null,
  ): Promise<void> => {
    if (!(await payments.settle(ctx.tx, s.messageId, status, reason))) return;
    const message = await messages.find(ctx.tx, s.conversationId, s.messageId);
    if (!message) return;
    const { change, membersVersion } = await changes.record(ctx.tx, s.conversationId, s.messageId, 'message.payment');
    await ctx.publish(MensajePagoActualizado, { message, membersVersion, change, at: new Date().toISOString() });
  };

  return defineSaga<ConversationPaymentState>({
    name: CONVERSATION_PAYMENT_SAGA,
    steps: [
      {
        name: 'RecordPayment',
        byCaller: true,
        undo: { name: 'FailPayment', run: (s, ctx, failure) => settle(s, ctx, 'failed', failureReason(failure)) },
      },
      authorizePayment<ConversationPaymentState>({
        charge: (s) => ({
          paymentId: s.paymentId,
          userId: s.payerId,
          amount: s.amountCents,
          paymentMethod: s.paymentMethod,
          reference: `chat-message:${s.messageId}`,
          description: 'Chat: money sent to a conversation member',
        }),
        timeoutMs,
        refundReason: (_s, failure) => failureReason(failure),
      }),
      {
        name: 'MarkPaid',
        run: async (s, ctx) => {
          await settle(s, ctx, 'paid', null);
          return undefined;
        },
      },
    ],
  });
}

/** What a failed payment message says: the provider's decline reason, or that it timed out. */
function failureReason(failure: SagaFailure): string {
  if (failure.step === AUTHORIZE_PAYMENT && failure.kind === 'timeout') return 'payment timed out';
  return failure.reason.slice(0, 500);
}

import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingSettings } from '../messaging.settings';
import { conversationPaymentSaga } from './conversation-payment.saga';

/** Registers the conversation-payment saga (and with it the consumer of payments' replies). */
@Injectable()
export class ConversationPaymentSagaRegistrar implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: MessagingSettings,
  ) {}

  onModuleInit(): void {
    this.ctx.sagas.register(conversationPaymentSaga(this.settings.paymentTimeoutMs));
  }
}

import { PagoSolicitar, ReembolsoSolicitar } from '@coordina/payments/contracts';
import { defineRoutes, type ServiceManifest, serviceModule } from '@coordina/platform';
import {
  ConversacionCreada,
  ConversacionLeida,
  ConversacionMiembrosCambiados,
  MensajeEditado,
  MensajeEliminado,
  MensajeEnviado,
  MensajePagoActualizado,
} from './contracts/events';
import { MessagingExtrasErrors } from './contracts/extras.errors';
import { messagingExtrasRoutes } from './contracts/extras.routes';
import { MessagingErrors } from './contracts/messaging.errors';
import { messagingRoutes } from './contracts/messaging.routes';
import { migrations } from './db/migrations';
import { ConversationPaymentSagaRegistrar } from './events/conversation-payment-saga.registrar';
import { MediaReadyConsumer } from './events/media-ready.consumer';
import { BlocksService } from './http/blocks.service';
import { ConversationPaymentsService } from './http/conversation-payments.service';
import { ConversationsService } from './http/conversations.service';
import { GroupMembersService } from './http/group-members.service';
import { MessagesService } from './http/messages.service';
import { MessagingController } from './http/messaging.controller';
import { MessagingExtrasController } from './http/messaging-extras.controller';
import { ReportsService } from './http/reports.service';
import { SearchService } from './http/search.service';
import { MessagingModule } from './messaging.module';
import { MessagingSettings } from './messaging.settings';
import { ChangesPruner } from './realtime/changes.pruner';
import { chatSocket } from './realtime/chat.socket';
import { LiveMessages } from './realtime/live-messages';
import { PresenceService } from './realtime/presence.service';
import { PresenceSweeper } from './realtime/presence.sweeper';
import { RealtimeConsumer } from './realtime/realtime.consumer';
import { RealtimeController } from './realtime/realtime.controller';
import { TypingService } from './realtime/typing.service';

/**
 * Chat's messaging (seed 003, "Servicio de Mensajería"): 1:1 and group conversations, messages
 * with a per-conversation seq assigned by the database, client-id deduplication, edits,
 * deletes and read receipts, for members only; full-text search, blocks, reports and money sent
 * inside a conversation (charged through payments' saga step).
 */
export const messagingService: ServiceManifest = {
  name: 'chat-messaging',
  routes: defineRoutes('chat-messaging', [...messagingRoutes.routes, ...messagingExtrasRoutes.routes]),
  events: [
    ConversacionCreada,
    MensajeEnviado,
    MensajeEditado,
    MensajeEliminado,
    ConversacionLeida,
    MensajePagoActualizado,
    ConversacionMiembrosCambiados,
    // Saga commands sent to payments for money sent inside a conversation.
    PagoSolicitar,
    ReembolsoSolicitar,
  ],
  migrations,
  errorCodes: { ...MessagingErrors, ...MessagingExtrasErrors },
  settings: MessagingSettings,
  sockets: [chatSocket],
  module: (ctx) =>
    serviceModule(MessagingModule, ctx, {
      controllers: [MessagingController, MessagingExtrasController, RealtimeController],
      providers: [
        ConversationsService,
        MessagesService,
        SearchService,
        BlocksService,
        ReportsService,
        ConversationPaymentsService,
        GroupMembersService,
        ConversationPaymentSagaRegistrar,
        MediaReadyConsumer,
        TypingService,
        PresenceService,
        PresenceSweeper,
        ChangesPruner,
        RealtimeConsumer,
        LiveMessages,
        { provide: MessagingSettings, useValue: ctx.settings },
      ],
    }),
};

export { MessagingModule };

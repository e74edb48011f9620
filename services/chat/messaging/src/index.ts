import { type ServiceManifest, serviceModule } from '@coordina/platform';
import {
  ConversacionCreada,
  ConversacionLeida,
  MensajeEditado,
  MensajeEliminado,
  MensajeEnviado,
} from './contracts/events';
import { MessagingErrors } from './contracts/messaging.errors';
import { messagingRoutes } from './contracts/messaging.routes';
import { migrations } from './db/migrations';
import { ConversationsService } from './http/conversations.service';
import { MessagesService } from './http/messages.service';
import { MessagingController } from './http/messaging.controller';
import { MessagingModule } from './messaging.module';
import { chatSocket } from './realtime/chat.socket';
import { PresenceService } from './realtime/presence.service';
import { RealtimeConsumer } from './realtime/realtime.consumer';
import { RealtimeController } from './realtime/realtime.controller';
import { TypingService } from './realtime/typing.service';

/**
 * Chat's messaging (seed 003, "Servicio de Mensajería"): 1:1 and group conversations, messages
 * with a per-conversation seq assigned by the database, client-id deduplication, edits,
 * deletes and read receipts, for members only.
 */
export const messagingService: ServiceManifest = {
  name: 'chat-messaging',
  routes: messagingRoutes,
  events: [ConversacionCreada, MensajeEnviado, MensajeEditado, MensajeEliminado, ConversacionLeida],
  migrations,
  errorCodes: MessagingErrors,
  sockets: [chatSocket],
  module: (ctx) =>
    serviceModule(MessagingModule, ctx, {
      controllers: [MessagingController, RealtimeController],
      providers: [ConversationsService, MessagesService, TypingService, PresenceService, RealtimeConsumer],
    }),
};

export { MessagingModule };

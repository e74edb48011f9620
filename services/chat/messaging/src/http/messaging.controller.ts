import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type {
  ChangesPage,
  ConversationCreated,
  ConversationList,
  ConversationView,
  HistoryPage,
  MessageSent,
  MessageView,
  ReadReceipt,
} from '../contracts/messaging.dto';
import { messagingRoutes } from '../contracts/messaging.routes';
import { ConversationsService } from './conversations.service';
import { MessagesService } from './messages.service';

type In<K extends RouteKey<typeof messagingRoutes>> = InputOf<typeof messagingRoutes, K>;
const MESSAGE = '/api/chat/conversations/:id/messages/:messageId';

/** Conversations and their messages, for their members. */
@Controller()
export class MessagingController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  @Endpoint(messagingRoutes, 'POST /api/chat/conversations')
  create(
    @Input() { body }: In<'POST /api/chat/conversations'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ConversationCreated> {
    return this.conversations.create(user, body);
  }

  @Endpoint(messagingRoutes, 'GET /api/chat/conversations')
  list(
    @Input() { query }: In<'GET /api/chat/conversations'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ConversationList> {
    return this.conversations.list(user, query);
  }

  @Endpoint(messagingRoutes, 'GET /api/chat/conversations/:id')
  detail(
    @Input() { params }: In<'GET /api/chat/conversations/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ConversationView> {
    return this.conversations.detail(user, params.id);
  }

  @Endpoint(messagingRoutes, 'GET /api/chat/conversations/:id/messages')
  history(
    @Input() { params, query }: In<'GET /api/chat/conversations/:id/messages'>,
    @CurrentUser() user: AuthUser,
  ): Promise<HistoryPage> {
    return this.messages.history(user, params.id, query);
  }

  @Endpoint(messagingRoutes, 'GET /api/chat/conversations/:id/changes')
  changes(
    @Input() { params, query }: In<'GET /api/chat/conversations/:id/changes'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ChangesPage> {
    return this.messages.changes(user, params.id, query);
  }

  @Endpoint(messagingRoutes, 'POST /api/chat/conversations/:id/messages')
  send(
    @Input() { params, body }: In<'POST /api/chat/conversations/:id/messages'>,
    @CurrentUser() user: AuthUser,
  ): Promise<MessageSent> {
    return this.messages.send(user, params.id, body);
  }

  @Endpoint(messagingRoutes, `PATCH ${MESSAGE}`)
  edit(@Input() { params, body }: In<`PATCH ${typeof MESSAGE}`>, @CurrentUser() user: AuthUser): Promise<MessageView> {
    return this.messages.edit(user, params.id, params.messageId, body);
  }

  @Endpoint(messagingRoutes, `DELETE ${MESSAGE}`)
  remove(@Input() { params }: In<`DELETE ${typeof MESSAGE}`>, @CurrentUser() user: AuthUser): Promise<void> {
    return this.messages.remove(user, params.id, params.messageId);
  }

  @Endpoint(messagingRoutes, 'POST /api/chat/conversations/:id/read')
  read(
    @Input() { params, body }: In<'POST /api/chat/conversations/:id/read'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReadReceipt> {
    return this.messages.read(user, params.id, body.upToSeq);
  }
}

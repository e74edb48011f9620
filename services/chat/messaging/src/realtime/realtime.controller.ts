import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { PresenceList, PresenceRecorded } from '../contracts/messaging.dto';
import { messagingRoutes } from '../contracts/messaging.routes';
import { PresenceService } from './presence.service';
import { TypingService } from './typing.service';

type In<K extends RouteKey<typeof messagingRoutes>> = InputOf<typeof messagingRoutes, K>;

/** The realtime routes the chat socket calls (any client may call them over HTTP too). */
@Controller()
export class RealtimeController {
  constructor(
    private readonly typingIndicators: TypingService,
    private readonly presence: PresenceService,
  ) {}

  @Endpoint(messagingRoutes, 'POST /api/chat/conversations/:id/typing')
  typing(
    @Input() { params }: In<'POST /api/chat/conversations/:id/typing'>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.typingIndicators.typing(user, params.id);
  }

  @Endpoint(messagingRoutes, 'PUT /api/chat/presence')
  record(@Input() { body }: In<'PUT /api/chat/presence'>, @CurrentUser() user: AuthUser): Promise<PresenceRecorded> {
    return this.presence.record(user, body);
  }

  @Endpoint(messagingRoutes, 'GET /api/chat/presence')
  of(@Input() { query }: In<'GET /api/chat/presence'>, @CurrentUser() user: AuthUser): Promise<PresenceList> {
    return this.presence.of(user, query.userIds);
  }
}

import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import { messagingRoutes } from '../contracts/messaging.routes';
import { TypingService } from './typing.service';

const TYPING = 'POST /api/chat/conversations/:id/typing';

/** The realtime routes the chat socket calls (any client may call them over HTTP too). */
@Controller()
export class RealtimeController {
  constructor(private readonly typingIndicators: TypingService) {}

  @Endpoint(messagingRoutes, TYPING)
  typing(
    @Input() { params }: InputOf<typeof messagingRoutes, typeof TYPING>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.typingIndicators.typing(user, params.id);
  }
}

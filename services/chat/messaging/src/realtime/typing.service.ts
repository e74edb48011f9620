import { type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ConversationsRepository } from '../db/conversations.repository';
import { notFound } from '../http/conversations.service';

/** Typing indicators: straight to the other members' sockets, never stored nor put on the bus. */
@Injectable()
export class TypingService {
  readonly #conversations = new ConversationsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async typing(user: AuthUser, conversationId: string): Promise<void> {
    const members = await this.#conversations.memberIds(this.ctx.db.db, conversationId);
    if (!members.includes(user.id)) throw notFound(conversationId);
    const others = members.filter((m) => m !== user.id);
    await this.ctx.realtime.publish(others, {
      type: 'typing',
      conversationId,
      userId: user.id,
      at: new Date().toISOString(),
    });
  }
}

import { PublicacionNotificada } from '@coordina/chat-channels/contracts';
import { MediaProcesada } from '@coordina/chat-media/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ConversacionLeida,
  MensajeEditado,
  MensajeEliminado,
  MensajeEnviado,
  MensajePagoActualizado,
} from '../contracts/events';
import { ConversationsRepository } from '../db/conversations.repository';
import { ConversationMembers } from './conversation-members';

/** What a message fact says about who to tell: the list, or the version of it (decision 0132). */
interface Audience {
  message: { conversationId: string };
  memberIds?: string[] | undefined;
  membersVersion?: number | undefined;
}

/**
 * Chat's own message facts, turned into socket frames on the members' user channels
 * (decision 0081): one consumer group for all gateways, so each fact is published once
 * whatever the number of gateways, and a gateway receives only its own users' frames.
 * Urgent: members are watching their screens (it never gives way to a rush of commands).
 */
@Injectable()
export class RealtimeConsumer implements OnModuleInit {
  readonly #conversations = new ConversationsRepository();
  readonly #members = new ConversationMembers();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    const rt = this.ctx.realtime;
    this.ctx.bus.subscribe({
      group: 'chat-messaging.realtime',
      urgent: true,
      handlers: [
        // Each change with its position: sockets deliver it through the conversation's feed (decision 0104).
        on(MensajeEnviado, async (d, _e, tx) => {
          const members = await this.#audience(tx, d);
          await rt.publish(members, {
            type: 'message',
            message: d.message,
            change: d.change,
            memberCount: members.length,
          });
        }),
        on(MensajeEditado, async (d, _e, tx) =>
          rt.publish(await this.#audience(tx, d), { type: 'message.edited', message: d.message, change: d.change }),
        ),
        on(MensajeEliminado, async (d, _e, tx) =>
          rt.publish(await this.#audience(tx, d), { type: 'message.deleted', message: d.message, change: d.change }),
        ),
        on(MensajePagoActualizado, async (d, _e, tx) =>
          rt.publish(await this.#audience(tx, d), { type: 'message.payment', message: d.message, change: d.change }),
        ),
        on(MediaProcesada, (d) =>
          rt.publish(d.memberIds, {
            type: 'media.ready',
            mediaId: d.mediaId,
            kind: d.kind,
            conversationIds: d.conversationIds,
          }),
        ),
        on(PublicacionNotificada, (d) =>
          rt.publish(d.userIds, {
            type: 'channel.post',
            channelId: d.channelId,
            channelTitle: d.channelTitle,
            postId: d.postId,
            excerpt: d.excerpt,
            at: d.at,
          }),
        ),
        on(ConversacionLeida, async (d, _e, tx) =>
          rt.publish(await this.#conversations.memberIds(tx, d.conversationId), {
            type: 'read',
            conversationId: d.conversationId,
            userId: d.userId,
            readSeq: d.readSeq,
          }),
        ),
      ],
    });
  }

  /** The fact's members: listed in it, or the kept list of its version or newer. */
  async #audience(tx: Tx, d: Audience): Promise<readonly string[]> {
    return d.memberIds ?? this.#members.of(tx, d.message.conversationId, d.membersVersion);
  }
}

import { PublicacionNotificada } from '@coordina/chat-channels/contracts';
import { MediaProcesada } from '@coordina/chat-media/contracts';
import { type CloudEvent, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ConversacionLeida,
  MensajeEditado,
  MensajeEliminado,
  MensajeEnviado,
  MensajePagoActualizado,
} from '../contracts/events';
import { ConversationsRepository } from '../db/conversations.repository';
import { LiveMessages } from './live-messages';

/**
 * Chat's own message facts, turned into socket frames on the members' user channels
 * (decision 0081): one consumer group for all gateways, so each fact is published once
 * whatever the number of gateways, and a gateway receives only its own users' frames.
 * Urgent: members are watching their screens (it never gives way to a rush of commands).
 */
@Injectable()
export class RealtimeConsumer implements OnModuleInit {
  readonly #conversations = new ConversationsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly live: LiveMessages,
  ) {}

  onModuleInit(): void {
    const rt = this.ctx.realtime;
    // A change this process told at once is skipped before the consumer's transaction (decision 0142).
    const untold = { mine: (e: CloudEvent) => !this.live.toldAlready(e) };
    this.ctx.bus.subscribe({
      group: 'chat-messaging.realtime',
      urgent: true,
      handlers: [
        // Each change with its position: sockets deliver it through the conversation's feed (decision
        // 0104), unless this process told the members at once after its commit (decision 0135).
        on(MensajeEnviado, (d, _e, tx) => this.live.fromFact(tx, 'message', d), untold),
        on(MensajeEditado, (d, _e, tx) => this.live.fromFact(tx, 'message.edited', d), untold),
        on(MensajeEliminado, (d, _e, tx) => this.live.fromFact(tx, 'message.deleted', d), untold),
        on(MensajePagoActualizado, (d, _e, tx) => this.live.fromFact(tx, 'message.payment', d), untold),
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
}

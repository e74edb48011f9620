import { MensajeEnviado } from '@coordina/chat-messaging/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MediaRepository } from '../db/media.repository';

/** A message carrying a media lets its conversation's members read it (mensaje.enviado lists them then). */
@Injectable()
export class MediaAccessConsumer implements OnModuleInit {
  readonly #media = new MediaRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'chat-media.access',
      handlers: [
        on(MensajeEnviado, async ({ message, memberIds }, _e, tx) => {
          if (!message.mediaId) return;
          // Listed for every message with media (decision 0132): without them, the fact is parked with this reason.
          if (!memberIds) throw new Error(`mensaje.enviado ${message.id} carries media but no memberIds`);
          await this.#media.grant(tx, {
            mediaId: message.mediaId,
            conversationId: message.conversationId,
            senderId: message.senderId,
            memberIds,
          });
        }),
      ],
    });
  }
}

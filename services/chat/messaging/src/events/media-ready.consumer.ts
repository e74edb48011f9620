import { MediaProcesada } from '@coordina/chat-media/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext, sql } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

/** Records the media chat-media announced ready, so messages carrying them show `mediaReady` (decision 0083). */
@Injectable()
export class MediaReadyConsumer implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'chat-messaging.media-ready',
      handlers: [
        on(MediaProcesada, async (d, _e, tx) => {
          await sql`INSERT INTO media_ready (media_id, ready_at) VALUES (${d.mediaId}, ${d.at})
            ON CONFLICT (media_id) DO NOTHING`.execute(tx);
        }),
      ],
    });
  }
}

import { ResumenCanalesPreparado } from '@coordina/chat-channels/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LocalizedSender } from '../events/localized.sender';
import { chatTemplates } from './chat.templates';

/** Chat emails to subscribers, in their language: the digest of channel posts they did not see. */
@Injectable()
export class ChannelsDigestConsumer implements OnModuleInit {
  readonly #sender: LocalizedSender<(typeof chatTemplates)['es']>;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#sender = new LocalizedSender(ctx, chatTemplates);
  }

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'notifications.chat',
      handlers: [
        on(ResumenCanalesPreparado, (d, e, tx) =>
          this.#sender.send(tx, e.id, d.userId, 'notice', (t) => t.channelDigest(d)),
        ),
      ],
    });
  }
}

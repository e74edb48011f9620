import { SuscripcionCreada, SuscripcionEliminada } from '@coordina/chat-channels/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ProfilesRepository } from '../db/profiles.repository';

export const FOLLOWS_GROUP = 'chat-ads.follows';

/** Learns which channels each user follows from the channels' subscription events (decision 0087). */
@Injectable()
export class FollowsConsumer implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    const profiles = new ProfilesRepository();
    this.ctx.bus.subscribe({
      group: FOLLOWS_GROUP,
      handlers: [
        on(SuscripcionCreada, (d, _e, tx) => profiles.follow(tx, d.userId, d.channelId)),
        on(SuscripcionEliminada, (d, _e, tx) => profiles.unfollow(tx, d.userId, d.channelId)),
      ],
    });
  }
}

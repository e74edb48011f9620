import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { CommunityModule } from './community.module';
import { CommunitySettings } from './community.settings';
import { CommunityErrors } from './contracts/community.errors';
import { communityRoutes } from './contracts/community.routes';
import { ResenaAprobada, ResenaRetirada } from './contracts/events';
import { migrations } from './db/migrations';
import { CommunityConsumer } from './events/community.consumer';
import { ModerationWorker } from './events/moderation.worker';
import { ReviewEvents } from './events/review.events';
import { ForumsController } from './http/forums.controller';
import { ForumsService } from './http/forums.service';
import { ModerationController } from './http/moderation.controller';
import { ModerationService } from './http/moderation.service';
import { RepliesService } from './http/replies.service';
import { ReviewsController } from './http/reviews.controller';
import { ReviewsService } from './http/reviews.service';

/**
 * GameVault's community (CR in seed 001): buyers' reviews with asynchronous moderation,
 * helpful votes, replies, abuse reports, sellers' ratings, and forums.
 */
export const communityService: ServiceManifest = {
  name: 'gamevault-community',
  routes: communityRoutes,
  events: [ResenaAprobada, ResenaRetirada],
  migrations,
  errorCodes: CommunityErrors,
  // GameVault's roles (decision 0048); moderators are its admins.
  roles: defineRoles('buyer', 'seller', 'gamevault_admin'),
  settings: CommunitySettings,
  module: (ctx) =>
    serviceModule(CommunityModule, ctx, {
      controllers: [ReviewsController, ModerationController, ForumsController],
      providers: [
        { provide: CommunitySettings, useValue: ctx.settings },
        ReviewEvents,
        ReviewsService,
        RepliesService,
        ModerationService,
        ForumsService,
        CommunityConsumer,
        ModerationWorker,
      ],
    }),
};

export { CommunityModule };

import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { AdsModule } from './ads.module';
import { adsRoutes } from './contracts/ads.routes';
import { CampanaCreada, CampanaPausada, ClicRegistrado, ImpresionRegistrada } from './contracts/events';
import { seedDemoCampaigns } from './db/demo-campaigns.seed';
import { migrations } from './db/migrations';
import { FollowsConsumer } from './events/follows.consumer';
import { AdsController } from './http/ads.controller';
import { CampaignsService } from './http/campaigns.service';
import { ProfilesService } from './http/profiles.service';
import { ServingService } from './http/serving.service';

/**
 * Chat's ads (seed 003, "Servicio de Publicidad"): advertisers' campaigns with targeting,
 * budgets and daily frequency caps; an ad per user and placement, its impression and click
 * recorded once and announced for analytics (decision 0087).
 */
export const adsService: ServiceManifest = {
  name: 'chat-ads',
  routes: adsRoutes,
  events: [CampanaCreada, CampanaPausada, ImpresionRegistrada, ClicRegistrado],
  migrations,
  // Chat's advertisers (advertiser@demo.coordina); a global role name, like GameVault's (decision 0048).
  roles: defineRoles('advertiser'),
  module: (ctx) =>
    serviceModule(AdsModule, ctx, {
      controllers: [AdsController],
      providers: [CampaignsService, ServingService, ProfilesService, FollowsConsumer],
    }),
  seed: seedDemoCampaigns,
};

export { AdsModule };

import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller, Headers, Res } from '@nestjs/common';
import type { AdView, CampaignList, CampaignView, ClickView, ProfileView } from '../contracts/ads.dto';
import { adsRoutes } from '../contracts/ads.routes';
import { CampaignsService } from './campaigns.service';
import { ProfilesService } from './profiles.service';
import { ServingService } from './serving.service';

type In<K extends RouteKey<typeof adsRoutes>> = InputOf<typeof adsRoutes, K>;

/** The part of Fastify's reply the ad route writes itself (200 with the ad, or 204). */
interface Reply {
  status(code: number): Reply;
  header(name: string, value: string): Reply;
  send(body?: string): unknown;
}

/** Campaigns for advertisers; profile, ads and clicks for every signed-in user. */
@Controller()
export class AdsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly serving: ServingService,
    private readonly profiles: ProfilesService,
  ) {}

  @Endpoint(adsRoutes, 'POST /api/chat/ads/campaigns')
  create(@Input() { body }: In<'POST /api/chat/ads/campaigns'>, @CurrentUser() user: AuthUser): Promise<CampaignView> {
    return this.campaigns.create(user, body);
  }

  @Endpoint(adsRoutes, 'GET /api/chat/ads/campaigns')
  list(@CurrentUser() user: AuthUser): Promise<CampaignList> {
    return this.campaigns.list(user);
  }

  @Endpoint(adsRoutes, 'GET /api/chat/ads/campaigns/:id')
  get(
    @Input() { params }: In<'GET /api/chat/ads/campaigns/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<CampaignView> {
    return this.campaigns.get(user, params.id);
  }

  @Endpoint(adsRoutes, 'POST /api/chat/ads/campaigns/:id/pause')
  pause(
    @Input() { params }: In<'POST /api/chat/ads/campaigns/:id/pause'>,
    @CurrentUser() user: AuthUser,
  ): Promise<CampaignView> {
    return this.campaigns.pause(user, params.id);
  }

  @Endpoint(adsRoutes, 'GET /api/chat/ads/profile')
  profile(@CurrentUser() user: AuthUser): Promise<ProfileView> {
    return this.profiles.get(user);
  }

  @Endpoint(adsRoutes, 'PUT /api/chat/ads/profile')
  setProfile(@Input() { body }: In<'PUT /api/chat/ads/profile'>, @CurrentUser() user: AuthUser): Promise<ProfileView> {
    return this.profiles.put(user, body);
  }

  /** 200 with the ad, or 204 when none fits: the one route with two success statuses, so it sends its own answer. */
  @Endpoint(adsRoutes, 'GET /api/chat/ads/next')
  async next(
    @Input() { query }: In<'GET /api/chat/ads/next'>,
    @CurrentUser() user: AuthUser,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: Reply,
  ): Promise<AdView | undefined> {
    const ad = await this.serving.next(user, query, acceptLanguage);
    if (ad) reply.status(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(ad));
    else reply.status(204).send();
    return ad;
  }

  @Endpoint(adsRoutes, 'POST /api/chat/ads/:id/click')
  click(
    @Input() { params, body }: In<'POST /api/chat/ads/:id/click'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ClickView> {
    return this.serving.click(user, params.id, body.token);
  }
}

import { defineRoutes } from '@coordina/platform';
import {
  CampaignList,
  CampaignParams,
  CampaignView,
  ClickBody,
  ClickParams,
  ClickView,
  CreateCampaignBody,
  NextAd,
  NextAdQuery,
  ProfileBody,
  ProfileView,
} from './ads.dto';

/** Advertisers manage their own campaigns (the platform's admins any); every signed-in user gets ads. */
const advertisers = ['advertiser', 'platform_admin'] as const;

export const adsRoutes = defineRoutes('chat-ads', [
  {
    method: 'POST',
    path: '/api/chat/ads/campaigns',
    auth: advertisers,
    summary:
      'Create a campaign of the caller: creative, targeting (interests, channels followed, locales), placements, a budget in PEN cents, a price per impression or click, a frequency cap per user per day, start and end',
    body: CreateCampaignBody,
    response: CampaignView,
    status: 201,
  },
  {
    method: 'GET',
    path: '/api/chat/ads/campaigns',
    auth: advertisers,
    summary: "The caller's campaigns, newest first (every campaign for a platform admin), with their spend",
    response: CampaignList,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/chat/ads/campaigns/:id',
    auth: advertisers,
    summary: 'A campaign of the caller, with its spend (404 for anyone else’s)',
    params: CampaignParams,
    response: CampaignView,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/chat/ads/campaigns/:id/pause',
    auth: advertisers,
    summary: 'Pause a campaign of the caller: it is no longer shown; idempotent',
    params: CampaignParams,
    response: CampaignView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/chat/ads/profile',
    auth: 'authenticated',
    summary: 'What ads targets the caller by: interests and locale they set, channels they follow',
    response: ProfileView,
    status: 200,
  },
  {
    method: 'PUT',
    path: '/api/chat/ads/profile',
    auth: 'authenticated',
    summary:
      "Set the caller's interests and locale for ad targeting (the locale is taken from Accept-Language when unset)",
    body: ProfileBody,
    response: ProfileView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/chat/ads/next',
    auth: 'authenticated',
    summary:
      'The ad to show the caller at a placement, its impression recorded once (charged, counted against the daily cap) with a token for its click; 204 when none fits; a repeated requestId answers the same ad',
    query: NextAdQuery,
    response: NextAd,
    status: 200,
    orNoContent: true,
  },
  {
    method: 'POST',
    path: '/api/chat/ads/:id/click',
    auth: 'authenticated',
    summary:
      "Record a click on an ad the caller was shown (its impression token), once: a repeat changes nothing; answers the ad's target URL",
    params: ClickParams,
    body: ClickBody,
    response: ClickView,
    status: 200,
  },
]);

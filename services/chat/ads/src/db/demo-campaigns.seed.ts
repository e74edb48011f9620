import { DemoUsers } from '@coordina/identity/demo';
import type { ServiceContext } from '@coordina/platform';
import { CreateCampaignBody } from '../contracts/ads.dto';
import { announceCampaign } from '../http/campaigns.service';
import { CampaignsRepository } from './campaigns.repository';

/** The demo campaign's fixed id. */
export const DEMO_CAMPAIGN_ID = '7a1d0000-0001-4000-8000-000000000001';

/**
 * The demo advertiser's campaign, once (ON CONFLICT DO NOTHING on its fixed id): shown in the
 * chat list to everyone, three times a day each, 1 cent per impression from S/ 500.00.
 */
export async function seedDemoCampaigns(ctx: ServiceContext): Promise<void> {
  const body = CreateCampaignBody.parse({
    creative: {
      title: 'Coordina Pro',
      text: 'Canales de pago y pagos en tus conversaciones.',
      targetUrl: 'https://example.com/coordina-pro',
    },
    placements: ['chat-list'],
    budgetCents: 50_000,
    pricing: 'impression',
    priceCents: 1,
    frequencyCap: 3,
  });
  await ctx.db.transaction(async (tx) => {
    const c = await new CampaignsRepository().insert(tx, DEMO_CAMPAIGN_ID, DemoUsers.advertiser.id, body);
    if (c) await announceCampaign(ctx, tx, c);
  });
}

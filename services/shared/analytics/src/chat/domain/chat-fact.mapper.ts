import type { CampanaCreada, ClicRegistrado, ImpresionRegistrada } from '@coordina/chat-ads/contracts';
import type { EventData } from '@coordina/platform';
import type { FactRow } from '../../domain/fact-row';
import { limaDate } from '../../domain/lima-date';

interface EventMeta {
  id: string;
}

/** Turns chat ads' events into fact rows (pure: no I/O). */
export class ChatFactMapper {
  campaign(e: EventMeta, d: EventData<typeof CampanaCreada>): FactRow[] {
    const values = {
      event_id: e.id,
      campaign_id: d.campaignId,
      advertiser_id: d.advertiserId,
      title: d.title,
      occurred_at: d.at,
    };
    return [{ table: 'chat_ad_campaign_facts', values }];
  }

  /** An impression or a click: the same columns in their own table. */
  interaction(
    e: EventMeta,
    table: 'chat_ad_impression_facts' | 'chat_ad_click_facts',
    d: EventData<typeof ImpresionRegistrada | typeof ClicRegistrado>,
  ): FactRow[] {
    const values = {
      event_id: e.id,
      impression_id: d.impressionId,
      campaign_id: d.campaignId,
      advertiser_id: d.advertiserId,
      user_id: d.userId,
      placement: d.placement,
      cost_cents: d.costCents,
      occurred_at: d.at,
      day: limaDate(d.at),
    };
    return [{ table, values }];
  }
}

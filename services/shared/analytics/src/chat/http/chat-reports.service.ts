import type { AuthUser } from '@coordina/platform';
import { Injectable } from '@nestjs/common';
import { type Rendered, renderReport } from '../../http/report.reply';
import type { AdsQuery, AdsReport } from '../contracts/chat.dto';
import { ChatReportsRepository } from '../db/chat-reports.repository';

/** Chat's reports: a platform admin sees every campaign, an advertiser their own. */
@Injectable()
export class ChatReportsService {
  constructor(private readonly reports: ChatReportsRepository) {}

  async ads(user: AuthUser, q: AdsQuery): Promise<Rendered<AdsReport>> {
    const advertiser = user.roles.includes('platform_admin') ? undefined : user.id;
    const rows = await this.reports.ads(q, advertiser);
    const columns = ['period', 'key', 'label', 'advertiserId', 'impressions', 'clicks', 'ctr', 'spendCents'];
    return renderReport('chat', 'ads' as const, { ...q, groupBy: 'campaign' as const }, rows, columns, {
      campaignId: q.campaignId ?? null,
    });
  }
}

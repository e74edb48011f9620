import {
  type AuthUser,
  type BytesAnswer,
  CurrentUser,
  Endpoint,
  Input,
  type InputOf,
  type TextAnswer,
} from '@coordina/platform';
import { Controller, Headers, Res } from '@nestjs/common';
import { type Reply, sendReport } from '../../http/report.reply';
import type { AdsReport } from '../contracts/chat.dto';
import { chatAnalyticsRoutes as routes } from '../contracts/chat.routes';
import { ChatReportsService } from './chat-reports.service';

@Controller()
export class ChatAnalyticsController {
  constructor(private readonly reports: ChatReportsService) {}

  @Endpoint(routes, 'GET /api/analytics/chat/ads')
  async ads(
    @Input() { query: q }: InputOf<typeof routes, 'GET /api/analytics/chat/ads'>,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<AdsReport | TextAnswer | BytesAnswer> {
    return sendReport(await this.reports.ads(user, q), q.format, accept, reply);
  }
}

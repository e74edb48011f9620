import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import { communityRoutes } from '../contracts/community.routes';
import type { ReportPage, ReportView } from '../contracts/reports.dto';
import type { ReviewPage, ReviewView } from '../contracts/reviews.dto';
import { ModerationService } from './moderation.service';

type In<K extends RouteKey<typeof communityRoutes>> = InputOf<typeof communityRoutes, K>;

/** Abuse reports from users; the moderators' queue, decisions and reports. */
@Controller()
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Endpoint(communityRoutes, 'POST /api/gamevault/reports')
  report(@Input() { body }: In<'POST /api/gamevault/reports'>, @CurrentUser() user: AuthUser): Promise<ReportView> {
    return this.moderation.report(user, body);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/moderation/reviews')
  queue(@Input() { query }: In<'GET /api/gamevault/moderation/reviews'>): Promise<ReviewPage> {
    return this.moderation.queue(query);
  }

  @Endpoint(communityRoutes, 'POST /api/gamevault/moderation/reviews/:id/approve')
  approve(
    @Input() { params }: In<'POST /api/gamevault/moderation/reviews/:id/approve'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.moderation.approve(user, params.id);
  }

  @Endpoint(communityRoutes, 'POST /api/gamevault/moderation/reviews/:id/reject')
  reject(
    @Input() { params, body }: In<'POST /api/gamevault/moderation/reviews/:id/reject'>,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewView> {
    return this.moderation.reject(user, params.id, body.reason);
  }

  @Endpoint(communityRoutes, 'GET /api/gamevault/moderation/reports')
  reports(@Input() { query }: In<'GET /api/gamevault/moderation/reports'>): Promise<ReportPage> {
    return this.moderation.reports(query);
  }

  @Endpoint(communityRoutes, 'POST /api/gamevault/moderation/reports/:id/resolve')
  resolve(@Input() { params }: In<'POST /api/gamevault/moderation/reports/:id/resolve'>): Promise<ReportView> {
    return this.moderation.resolve(params.id);
  }
}

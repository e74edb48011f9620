import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { BlockList, GroupMembers, PaymentSent, ReportList, ReportView, SearchPage } from '../contracts/extras.dto';
import { messagingExtrasRoutes } from '../contracts/extras.routes';
import { BlocksService } from './blocks.service';
import { ConversationPaymentsService } from './conversation-payments.service';
import { GroupMembersService } from './group-members.service';
import { ReportsService } from './reports.service';
import { SearchService } from './search.service';

type In<K extends RouteKey<typeof messagingExtrasRoutes>> = InputOf<typeof messagingExtrasRoutes, K>;
const BLOCK = '/api/chat/blocks/:userId';
const MEMBER = '/api/chat/conversations/:id/members/:userId';
const REPORT = '/api/chat/conversations/:id/messages/:messageId/report';

/** Search, blocks, reports, group members and payments inside conversations. */
@Controller()
export class MessagingExtrasController {
  constructor(
    private readonly searches: SearchService,
    private readonly blocks: BlocksService,
    private readonly reports: ReportsService,
    private readonly payments: ConversationPaymentsService,
    private readonly members: GroupMembersService,
  ) {}

  @Endpoint(messagingExtrasRoutes, 'POST /api/chat/conversations/:id/members')
  addMembers(
    @Input() { params, body }: In<'POST /api/chat/conversations/:id/members'>,
    @CurrentUser() user: AuthUser,
  ): Promise<GroupMembers> {
    return this.members.add(user, params.id, body.memberIds);
  }

  @Endpoint(messagingExtrasRoutes, `DELETE ${MEMBER}`)
  removeMember(@Input() { params }: In<`DELETE ${typeof MEMBER}`>, @CurrentUser() user: AuthUser): Promise<void> {
    return this.members.remove(user, params.id, params.userId);
  }

  @Endpoint(messagingExtrasRoutes, 'GET /api/chat/search')
  search(@Input() { query }: In<'GET /api/chat/search'>, @CurrentUser() user: AuthUser): Promise<SearchPage> {
    return this.searches.search(user, query);
  }

  @Endpoint(messagingExtrasRoutes, 'GET /api/chat/blocks')
  blocked(@CurrentUser() user: AuthUser): Promise<BlockList> {
    return this.blocks.list(user);
  }

  @Endpoint(messagingExtrasRoutes, `PUT ${BLOCK}`)
  block(@Input() { params }: In<`PUT ${typeof BLOCK}`>, @CurrentUser() user: AuthUser): Promise<void> {
    return this.blocks.block(user, params.userId);
  }

  @Endpoint(messagingExtrasRoutes, `DELETE ${BLOCK}`)
  unblock(@Input() { params }: In<`DELETE ${typeof BLOCK}`>, @CurrentUser() user: AuthUser): Promise<void> {
    return this.blocks.unblock(user, params.userId);
  }

  @Endpoint(messagingExtrasRoutes, `POST ${REPORT}`)
  report(@Input() { params, body }: In<`POST ${typeof REPORT}`>, @CurrentUser() user: AuthUser): Promise<ReportView> {
    return this.reports.report(user, params.id, params.messageId, body.reason);
  }

  @Endpoint(messagingExtrasRoutes, 'GET /api/chat/reports')
  reported(@Input() { query }: In<'GET /api/chat/reports'>): Promise<ReportList> {
    return this.reports.list(query);
  }

  @Endpoint(messagingExtrasRoutes, 'POST /api/chat/conversations/:id/payments')
  pay(
    @Input() { params, body }: In<'POST /api/chat/conversations/:id/payments'>,
    @CurrentUser() user: AuthUser,
  ): Promise<PaymentSent> {
    return this.payments.send(user, params.id, body);
  }
}

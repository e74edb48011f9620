import { defineRoutes, NoBody } from '@coordina/platform';
import {
  AddMembersBody,
  BlockList,
  BlockParams,
  GroupMembers,
  MemberParams,
  PaymentSent,
  ReportBody,
  ReportList,
  ReportListQuery,
  ReportView,
  SearchPage,
  SearchQuery,
  SendPaymentBody,
} from './extras.dto';
import { ConversationParams, MessageParams } from './messaging.dto';

/** Search, blocks, reports and payments inside conversations (the manifest serves them with messagingRoutes). */
export const messagingExtrasRoutes = defineRoutes('chat-messaging', [
  {
    method: 'GET',
    path: '/api/chat/search',
    auth: 'authenticated',
    summary:
      "Full-text search in the caller's conversations (deleted messages left out, edits searched as they are now), best match first, paged by offset",
    query: SearchQuery,
    response: SearchPage,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/chat/blocks',
    auth: 'authenticated',
    summary: 'The users the caller blocked',
    response: BlockList,
    status: 200,
  },
  {
    method: 'PUT',
    path: '/api/chat/blocks/:userId',
    auth: 'authenticated',
    summary:
      'Block a user: they can no longer start a 1:1 with the caller nor send into it (403 BLOCKED_BY_USER); idempotent',
    params: BlockParams,
    response: NoBody,
    status: 204,
  },
  {
    method: 'DELETE',
    path: '/api/chat/blocks/:userId',
    auth: 'authenticated',
    summary: 'Unblock a user; idempotent',
    params: BlockParams,
    response: NoBody,
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/chat/conversations/:id/messages/:messageId/report',
    auth: 'authenticated',
    summary:
      "Report another member's message to the moderators, once per reporter (409 ALREADY_REPORTED); the text is kept as it was",
    params: MessageParams,
    body: ReportBody,
    response: ReportView,
    status: 201,
  },
  {
    method: 'GET',
    path: '/api/chat/reports',
    auth: ['platform_admin'],
    summary: 'Reported messages, newest first (a platform admin)',
    query: ReportListQuery,
    response: ReportList,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/chat/conversations/:id/members',
    auth: 'authenticated',
    summary:
      'Add members to a group (its creator only; 403 otherwise, 409 for a 1:1); members already in are skipped; they see the history',
    params: ConversationParams,
    body: AddMembersBody,
    response: GroupMembers,
    status: 200,
  },
  {
    method: 'DELETE',
    path: '/api/chat/conversations/:id/members/:userId',
    auth: 'authenticated',
    summary: 'Remove a member from a group (its creator), or leave it (oneself; the creator stays); idempotent',
    params: MemberParams,
    response: NoBody,
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/chat/conversations/:id/payments',
    auth: 'authenticated',
    summary:
      "Send money to another member: a payment message shows pending until the provider's webhook confirms it (paid) or declines it (failed); send an Idempotency-Key, and a clientId the sender used before answers the stored message",
    params: ConversationParams,
    body: SendPaymentBody,
    response: PaymentSent,
    status: 201,
  },
]);

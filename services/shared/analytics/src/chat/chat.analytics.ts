import { defineRoles } from '@coordina/platform';
import type { AnalyticsSystem } from '../analytics.system';
import { onStore } from '../db/on-store';
import { chatRouteList } from './contracts/chat.routes';
import { chatFactsMigration } from './db/chat-facts.migration';
import { ChatReportsRepository } from './db/chat-reports.repository';
import { ChatEventsConsumer } from './events/chat-events.consumer';
import { ChatAnalyticsController } from './http/chat.controller';
import { ChatReportsService } from './http/chat-reports.service';

/** Chat: ad campaigns' impressions, clicks, CTR and spend. */
export const chatAnalytics: AnalyticsSystem = {
  name: 'chat',
  routes: chatRouteList,
  roles: defineRoles('advertiser'),
  duckDbMigrations: [chatFactsMigration],
  controllers: [ChatAnalyticsController],
  providers: [onStore(ChatReportsRepository), ChatEventsConsumer, ChatReportsService],
};

import { defineRoles } from '@coordina/platform';
import type { AnalyticsSystem } from '../analytics.system';
import { onStore } from '../db/on-store';
import { gamevaultRouteList } from './contracts/gamevault.routes';
import { gamevaultFactsMigration } from './db/gamevault-facts.migration';
import { GamevaultReportsRepository } from './db/gamevault-reports.repository';
import { GamevaultEventsConsumer } from './events/gamevault-events.consumer';
import { GamevaultAnalyticsController } from './http/gamevault.controller';
import { GamevaultReportsService } from './http/gamevault-reports.service';

/** GameVault: sales per console, seller and product, search trends, best sellers and satisfaction. */
export const gamevaultAnalytics: AnalyticsSystem = {
  name: 'gamevault',
  routes: gamevaultRouteList,
  roles: defineRoles('gamevault_admin'),
  duckDbMigrations: [gamevaultFactsMigration],
  controllers: [GamevaultAnalyticsController],
  providers: [onStore(GamevaultReportsRepository), GamevaultEventsConsumer, GamevaultReportsService],
};

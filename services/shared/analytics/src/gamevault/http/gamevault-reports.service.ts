import { Injectable } from '@nestjs/common';
import { type Rendered, renderList, renderReport } from '../../http/report.reply';
import type {
  PopularList,
  PopularQuery,
  SalesQuery,
  SalesReport,
  SatisfactionQuery,
  SatisfactionReport,
  SearchTrendsQuery,
  SearchTrendsReport,
} from '../contracts/gamevault.dto';
import { GamevaultReportsRepository } from '../db/gamevault-reports.repository';

/** GameVault's reports: every product and seller (the routes admit GameVault's and the platform's admins only). */
@Injectable()
export class GamevaultReportsService {
  constructor(private readonly reports: GamevaultReportsRepository) {}

  async sales(q: SalesQuery): Promise<Rendered<SalesReport>> {
    const rows = await this.reports.sales(q);
    return renderReport('gamevault', 'sales' as const, q, rows, [
      'period',
      'key',
      'label',
      'orders',
      'units',
      'revenueCents',
    ]);
  }

  async searchTrends(q: SearchTrendsQuery): Promise<Rendered<SearchTrendsReport>> {
    const { rows, searches } = await this.reports.searchTrends(q);
    const asked = { kind: q.kind ?? null, limit: q.limit, searches };
    const columns = ['period', 'rank', 'kind', 'label', 'searches'];
    return renderReport(
      'gamevault',
      'search-trends' as const,
      { ...q, groupBy: 'term' as const },
      rows,
      columns,
      asked,
    );
  }

  async popular(q: PopularQuery): Promise<Rendered<PopularList>> {
    const items = await this.reports.popular(q);
    const columns = [
      'rank',
      'productId',
      'title',
      'console',
      'sellerId',
      'orders',
      'units',
      'revenueCents',
      'reviews',
      'averageRating',
    ] as const;
    return renderList(q, items, columns, 'gamevault-popular', { limit: q.limit });
  }

  async satisfaction(q: SatisfactionQuery): Promise<Rendered<SatisfactionReport>> {
    const rows = await this.reports.satisfaction(q);
    const columns = [
      'period',
      'key',
      'label',
      'reviews',
      'averageRating',
      'stars1',
      'stars2',
      'stars3',
      'stars4',
      'stars5',
    ];
    return renderReport('gamevault', 'satisfaction' as const, q, rows, columns);
  }
}

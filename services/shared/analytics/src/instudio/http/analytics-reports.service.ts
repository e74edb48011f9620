import { AppError, type AuthUser } from '@coordina/platform';
import { Injectable } from '@nestjs/common';
import { type Rendered, renderList, renderReport } from '../../http/report.reply';
import type {
  Report,
  ReportKind,
  ReportQuery,
  ReportRow,
  TopServices,
  TopServicesQuery,
} from '../contracts/analytics.dto';
import { type ReportScope, ReportsRepository } from '../db/reports.repository';
import { SalonReplicaRepository } from '../db/salon-replica.repository';
import { REPORT_MEASURES } from '../domain/report.measures';
import { ReportAccessPolicy } from '../domain/report-access.policy';
import { SalonReplicaRefresher } from '../events/salon-replica.refresher';

@Injectable()
export class AnalyticsReportsService {
  readonly #access = new ReportAccessPolicy();

  constructor(
    private readonly reports: ReportsRepository,
    private readonly replica: SalonReplicaRepository,
    private readonly refresher: SalonReplicaRefresher,
  ) {}

  async report(kind: ReportKind, user: AuthUser, q: ReportQuery): Promise<Rendered<Report>> {
    const scope = await this.#scope(user, q);
    const measures = REPORT_MEASURES[kind];
    const rows = (await this.reports.figures(scope, q.groupBy, q.period)).map((r) => {
      const row: ReportRow = { period: r.period, key: r.key, label: r.label };
      for (const m of measures) row[m] = r[m];
      return row;
    });
    return renderReport('instudio', kind, q, rows, ['period', 'key', 'label', ...measures]);
  }

  async topServices(user: AuthUser, q: TopServicesQuery): Promise<Rendered<TopServices>> {
    const scope = await this.#scope(user, q);
    const items = await this.reports.topServices(scope, q.limit);
    const columns = [
      'serviceId',
      'serviceName',
      'salonId',
      'subcategory',
      'bookings',
      'confirmed',
      'revenueCents',
    ] as const;
    return renderList(q, items, columns, 'instudio-top-services');
  }

  async #scope(user: AuthUser, q: { from?: string; to?: string; salonId?: string }): Promise<ReportScope> {
    await this.refresher.fillMissing();
    let adminOfSalon = q.salonId ? await this.replica.adminOf(q.salonId) : undefined;
    if (q.salonId && adminOfSalon !== user.id && !user.roles.includes('platform_admin')) {
      // The replica may lag a reassignment: ask the salons service before refusing.
      if (await this.refresher.refresh(q.salonId)) adminOfSalon = await this.replica.adminOf(q.salonId);
    }
    const access = this.#access.decide(user, q.salonId, adminOfSalon);
    if (access.kind === 'forbidden') throw new AppError('FORBIDDEN', 'you do not administer this salon');
    const scope: ReportScope = { from: q.from, to: q.to, salonId: q.salonId };
    if (access.kind === 'own-salons') scope.adminUserId = access.adminUserId;
    return scope;
  }
}

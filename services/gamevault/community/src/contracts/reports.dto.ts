import { IsoDateTime, Pagination, SafeText } from '@coordina/platform';
import { z } from 'zod';

/** What a user may report as abusive. */
export const ReportTargets = ['review', 'reply', 'thread', 'post'] as const;
export const ReportTarget = z.enum(ReportTargets);
export type ReportTarget = z.infer<typeof ReportTarget>;

export const CreateReportBody = z.object({
  targetType: ReportTarget,
  targetId: z.uuid(),
  reason: SafeText.pipe(z.string().trim().min(1).max(1_000)),
});
export type CreateReportBody = z.infer<typeof CreateReportBody>;

export const ReportStatus = z.enum(['open', 'resolved']);

export const ReportView = z.object({
  id: z.uuid(),
  targetType: ReportTarget,
  targetId: z.uuid(),
  reporterId: z.uuid(),
  reason: z.string(),
  status: ReportStatus,
  createdAt: IsoDateTime,
});
export type ReportView = z.infer<typeof ReportView>;

export const ReportQuery = Pagination.extend({ status: ReportStatus.default('open') });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportPage = z.object({
  items: z.array(ReportView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReportPage = z.infer<typeof ReportPage>;

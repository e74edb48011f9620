import { z } from 'zod';

/** How a report is sent: JSON, or CSV (`?format=csv`); every system's reports take it. */
export const ReportFormat = z.enum(['json', 'csv']);
export type ReportFormat = z.infer<typeof ReportFormat>;

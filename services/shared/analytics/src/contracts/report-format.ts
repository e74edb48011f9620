import { z } from 'zod';

/**
 * How a report is sent: JSON, CSV, an Excel workbook (xlsx) or a PDF (`?format=`); every
 * system's reports take it. Without it, `Accept: text/csv` asks for CSV.
 */
export const ReportFormat = z.enum(['json', 'csv', 'xlsx', 'pdf']);
export type ReportFormat = z.infer<typeof ReportFormat>;

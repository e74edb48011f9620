import { api } from '../../api/client';
import type { AnalyticsPath } from './reports';

/**
 * Asks the API for a report as CSV (`?format=csv`, served by the analytics service) and saves
 * it under the name the API gives it (Content-Disposition), else `fallback`.
 */
export async function downloadCsv(path: AnalyticsPath, query: Record<string, string>, fallback: string) {
  // One helper for every analytics route: the route is checked against the contract, the query is the report's.
  const { data, error, response } = await api.GET(path, {
    params: { query: { ...query, format: 'csv' } },
    parseAs: 'text',
  } as never);
  if (error) throw error;
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(new Blob([data as unknown as string], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = named ?? fallback;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

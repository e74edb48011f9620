import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { asProblem, problemMessage } from '../../api/problem';
import { calendarDate, dateTime, money } from '../../format';
import { SERIES_COLORS } from '../charts/colors';
import { WideTable } from '../WideTable';
import { downloadCsv } from './csv';
import { perPeriod, type ReportSpec, type Row } from './reports';

// The charting library loads after the page (decision 0052).
const SeriesChart = lazy(() => import('../charts/SeriesChart'));

/** One cell as the table shows it: cents as money, rates as percentages, dates in the user's language. */
function cell(spec: ReportSpec, column: string, value: Row[string]): string {
  if (value === null || value === undefined) return '';
  if (spec.money.includes(column)) return money(Number(value));
  if (column === 'conversionRate') return `${(Number(value) * 100).toFixed(1)} %`;
  if (column === 'period') return calendarDate(String(value));
  if (column.endsWith('At')) return dateTime(String(value));
  return String(value);
}

/**
 * A report of a system: its chart per period, its rows as a table, and its CSV (as the API
 * writes it) to download. `query` is the page's range and period.
 */
export function ReportSection({
  system,
  spec,
  query,
}: {
  system: string;
  spec: ReportSpec;
  query: Record<string, string>;
}) {
  const { t } = useTranslation();
  const name = t(`analytics.${system}.reports.${spec.id}`);
  const asked = useMemo(
    () =>
      spec.list
        ? Object.fromEntries(Object.entries(query).filter(([k]) => k === 'from' || k === 'to'))
        : { ...query, ...spec.query },
    [spec, query],
  );
  const report = useQuery({
    queryKey: ['analytics', spec.path, asked],
    queryFn: async () => {
      const { data, error } = await api.GET(spec.path, { params: { query: asked } } as never);
      if (error) throw error;
      const body = data as unknown as { rows?: Row[]; items?: Row[] };
      return body.rows ?? body.items ?? [];
    },
  });
  const [csvError, setCsvError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const rows = report.data ?? [];
  const chart = useMemo(() => {
    if (spec.chart.length === 0 || !report.data) return undefined;
    const points = perPeriod(report.data, spec.chart, spec.money);
    if (points.x.length === 0) return undefined;
    return {
      x: points.x,
      series: spec.chart.map((c, i) => ({
        name: t(`analytics.columns.${c}`),
        color: SERIES_COLORS[i % SERIES_COLORS.length] ?? SERIES_COLORS[0],
        values: points.values[i] ?? [],
      })),
    };
  }, [spec, report.data, t]);
  const columns = spec.list ? spec.columns : ['period', 'label', ...spec.columns];
  const save = async () => {
    setSaving(true);
    setCsvError(undefined);
    try {
      await downloadCsv(spec.path, asked, `${system}-${spec.id}.csv`);
    } catch (err) {
      setCsvError(problemMessage(asProblem(err), t('errors.generic')));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack component="section" aria-labelledby={`report-${spec.id}`} gap="xs" data-testid={`report-${spec.id}`}>
      <Group justify="space-between">
        <Title order={2} size="h3" id={`report-${spec.id}`}>
          {name}
        </Title>
        <Button size="xs" variant="light" loading={saving} onClick={() => void save()}>
          {t('analytics.csv', { report: name })}
        </Button>
      </Group>
      {csvError && (
        <Alert color="red" role="alert">
          {csvError}
        </Alert>
      )}
      {report.isPending && <Text>{t('loading')}</Text>}
      {report.isError && <Text c="red">{problemMessage(asProblem(report.error), t('errors.generic'))}</Text>}
      {report.data?.length === 0 && <Text>{t('analytics.empty')}</Text>}
      {chart && (
        <Suspense fallback={<Text>{t('loading')}</Text>}>
          <SeriesChart label={t('analytics.chart', { report: name })} testId={`chart-${spec.id}`} {...chart} />
        </Suspense>
      )}
      {rows.length > 0 && (
        <WideTable label={name} minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c}>{t(`analytics.columns.${c}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a report's rows have no id; their order is the API's
              <Table.Tr key={i}>
                {columns.map((c) => (
                  <Table.Td key={c}>{cell(spec, c, r[c])}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
    </Stack>
  );
}

import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { dateTime } from '../../format';
import { SERIES_COLORS } from '../charts/colors';
import { WideTable } from '../WideTable';
import { OPS_REFRESH_MS, OpsFrame } from './OpsFrame';

// The charting library loads after the page (decision 0052): it never counts in a page's initial JavaScript.
const SeriesChart = lazy(() => import('../charts/SeriesChart'));

/** The latency alerts the evaluator raised, oldest to newest as a chart against the threshold, newest first as a table. */
export default function Alerts() {
  const { t } = useTranslation();
  const alerts = useQuery({
    queryKey: ['ops', 'alerts'],
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/ops/alerts');
      if (error) throw error;
      return data.items;
    },
  });
  const items = alerts.data ?? [];
  // The same data keeps the same chart (the list is asked again every few seconds).
  const chart = useMemo(() => {
    const oldest = [...(alerts.data ?? [])].reverse();
    return {
      x: oldest.map((a) => Date.parse(a.at) / 1000),
      series: [
        { name: t('ops.alerts.p95'), color: SERIES_COLORS[0], values: oldest.map((a) => a.p95Ms) },
        {
          name: t('ops.alerts.threshold'),
          color: SERIES_COLORS[1],
          values: oldest.map((a) => a.thresholdMs),
          dash: true,
        },
      ],
    };
  }, [alerts.data, t]);
  return (
    <OpsFrame title={t('ops.alerts.title')} intro={t('ops.alerts.intro')}>
      {alerts.isError && <Text c="red">{t('errors.generic')}</Text>}
      {alerts.data?.length === 0 && <Text>{t('ops.alerts.none')}</Text>}
      {items.length > 0 && (
        <>
          <Suspense fallback={<Text>{t('loading')}</Text>}>
            <SeriesChart label={t('ops.alerts.chart')} testId="latency-chart" {...chart} />
          </Suspense>
          <WideTable label={t('ops.alerts.title')} minWidth={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ops.alerts.at')}</Table.Th>
                <Table.Th>{t('ops.alerts.rule')}</Table.Th>
                <Table.Th>{t('ops.alerts.state')}</Table.Th>
                <Table.Th>{t('ops.alerts.p95')}</Table.Th>
                <Table.Th>{t('ops.alerts.threshold')}</Table.Th>
                <Table.Th>{t('ops.alerts.window')}</Table.Th>
                <Table.Th>{t('ops.alerts.requests')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{dateTime(a.at)}</Table.Td>
                  <Table.Td>{a.rule}</Table.Td>
                  <Table.Td>
                    <Badge color={a.state === 'firing' ? 'red' : 'green'} variant="dot">
                      {t(`ops.alerts.states.${a.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{a.p95Ms}</Table.Td>
                  <Table.Td>{a.thresholdMs}</Table.Td>
                  <Table.Td>{a.windowSeconds}</Table.Td>
                  <Table.Td>{a.requests}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </WideTable>
        </>
      )}
    </OpsFrame>
  );
}

import { Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { dateTime } from '../../format';
import { SERIES_COLORS } from '../charts/colors';
import { WideTable } from '../WideTable';
import { OPS_REFRESH_MS, OpsFrame } from './OpsFrame';

// The charting library loads after the page (decision 0052).
const SeriesChart = lazy(() => import('../charts/SeriesChart'));

interface Sample {
  service: string;
  at: string;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
}

/**
 * The samples of every service process on one time line: each process samples on its own
 * clock, so samples fall in steps as wide as the shortest interval one process keeps; a step
 * sums the request rates and keeps the slowest process's latency.
 */
export function timeline(samples: readonly Sample[]) {
  const times = new Map<string, number[]>();
  for (const s of samples) times.set(s.service, [...(times.get(s.service) ?? []), Date.parse(s.at) / 1000]);
  let step = Number.POSITIVE_INFINITY;
  for (const list of times.values()) {
    const sorted = [...list].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) step = Math.min(step, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  }
  step = Number.isFinite(step) && step >= 1 ? step : 15;
  const steps = new Map<number, { rate: number; p50: number; p95: number }>();
  for (const s of samples) {
    const x = Math.round(Date.parse(s.at) / 1000 / step) * step;
    const v = steps.get(x) ?? { rate: 0, p50: 0, p95: 0 };
    steps.set(x, { rate: v.rate + s.perSecond, p50: Math.max(v.p50, s.p50Ms), p95: Math.max(v.p95, s.p95Ms) });
  }
  const x = [...steps.keys()].sort((a, b) => a - b);
  const at = (k: 'rate' | 'p50' | 'p95') => x.map((t) => Math.round((steps.get(t)?.[k] ?? 0) * 100) / 100);
  return { x, rate: at('rate'), p50: at('p50'), p95: at('p95') };
}

/**
 * The API's request rate and latency over the last minutes (each service process samples its
 * own, `GET /api/ops/traffic`), and how far each consumer group is behind (`GET /api/ops/consumers`).
 */
export default function Traffic() {
  const { t } = useTranslation();
  const traffic = useQuery({
    queryKey: ['ops', 'traffic'],
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/ops/traffic');
      if (error) throw error;
      return data.items;
    },
  });
  const consumers = useQuery({
    queryKey: ['ops', 'consumers'],
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/ops/consumers');
      if (error) throw error;
      return [...data.items].sort((a, b) => b.lag - a.lag || a.group.localeCompare(b.group));
    },
  });
  const charts = useMemo(() => {
    const line = timeline(traffic.data ?? []);
    return {
      rate: {
        x: line.x,
        series: [{ name: t('ops.traffic.perSecond'), color: SERIES_COLORS[0], values: line.rate }],
      },
      latency: {
        x: line.x,
        series: [
          { name: t('ops.traffic.p50'), color: SERIES_COLORS[2], values: line.p50 },
          { name: t('ops.traffic.p95'), color: SERIES_COLORS[1], values: line.p95 },
        ],
      },
    };
  }, [traffic.data, t]);
  // The newest sample of each service process.
  const latest = useMemo(() => {
    const last = new Map<string, Sample>();
    for (const s of traffic.data ?? []) if ((last.get(s.service)?.at ?? '') < s.at) last.set(s.service, s);
    return [...last.values()].sort((a, b) => a.service.localeCompare(b.service));
  }, [traffic.data]);
  return (
    <OpsFrame title={t('ops.traffic.title')} intro={t('ops.traffic.intro')}>
      {traffic.isError && <Text c="red">{t('errors.generic')}</Text>}
      {traffic.data?.length === 0 && <Text>{t('ops.traffic.none')}</Text>}
      {charts.rate.x.length > 0 && (
        <Suspense fallback={<Text>{t('loading')}</Text>}>
          <Title order={2} size="h3">
            {t('ops.traffic.rate')}
          </Title>
          <SeriesChart label={t('ops.traffic.rateChart')} testId="rate-chart" {...charts.rate} />
          <Title order={2} size="h3">
            {t('ops.traffic.latency')}
          </Title>
          <SeriesChart label={t('ops.traffic.latencyChart')} testId="traffic-latency-chart" {...charts.latency} />
        </Suspense>
      )}
      {latest.length > 0 && (
        <WideTable label={t('ops.traffic.latest')} minWidth={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ops.traffic.service')}</Table.Th>
              <Table.Th>{t('ops.traffic.at')}</Table.Th>
              <Table.Th>{t('ops.traffic.perSecond')}</Table.Th>
              <Table.Th>{t('ops.traffic.p50')}</Table.Th>
              <Table.Th>{t('ops.traffic.p95')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {latest.map((s) => (
              <Table.Tr key={s.service} data-testid="traffic-row">
                <Table.Td>{s.service}</Table.Td>
                <Table.Td>{dateTime(s.at)}</Table.Td>
                <Table.Td>{s.perSecond}</Table.Td>
                <Table.Td>{s.p50Ms}</Table.Td>
                <Table.Td>{s.p95Ms}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
      <Title order={2} size="h3">
        {t('ops.consumers.title')}
      </Title>
      <Text>{t('ops.consumers.intro')}</Text>
      {consumers.isError && <Text c="red">{t('errors.generic')}</Text>}
      {consumers.data?.length === 0 && <Text>{t('ops.consumers.none')}</Text>}
      {consumers.data && consumers.data.length > 0 && (
        <WideTable label={t('ops.consumers.title')} minWidth={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ops.consumers.service')}</Table.Th>
              <Table.Th>{t('ops.consumers.group')}</Table.Th>
              <Table.Th>{t('ops.consumers.topic')}</Table.Th>
              <Table.Th>{t('ops.consumers.partitions')}</Table.Th>
              <Table.Th>{t('ops.consumers.end')}</Table.Th>
              <Table.Th>{t('ops.consumers.lag')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consumers.data.map((c) => (
              <Table.Tr key={`${c.service} ${c.group} ${c.topic}`} data-testid="consumer-row">
                <Table.Td>{c.service}</Table.Td>
                <Table.Td>{c.group}</Table.Td>
                <Table.Td>{c.topic}</Table.Td>
                <Table.Td>{c.partitions}</Table.Td>
                <Table.Td>{c.end}</Table.Td>
                <Table.Td>{c.lag}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
    </OpsFrame>
  );
}

import { Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, useParams } from 'react-router';
import { useMe } from '../../api/me';
import { useUrlFilters } from '../url-filters';
import { ReportSection } from './ReportSection';
import { ANALYTICS_SYSTEMS, type AnalyticsSystem, REPORTS, readable } from './reports';

const PERIODS = ['day', 'week', 'month'] as const;
const FILTERS = ['period', 'from', 'to'] as const;

/**
 * A system's KPIs (`/analytics/instudio`, `/analytics/musicfest`): each report of the analytics
 * API charted per period, as a table, and as CSV. Only who the routes let read them sees them
 * (a salon admin their salons, a manager their events, a platform admin everything); the
 * period and the range are kept in the URL.
 */
export default function Analytics() {
  const { t } = useTranslation();
  const me = useMe();
  const { system } = useParams();
  const filters = useUrlFilters(FILTERS);
  const period = filters.value('period') || 'day';
  const from = filters.value('from');
  const to = filters.value('to');
  const query = useMemo(() => ({ period, ...(from ? { from } : {}), ...(to ? { to } : {}) }), [period, from, to]);
  if (me.isPending && me.fetchStatus !== 'idle') return <Text>{t('loading')}</Text>;
  const allowed = readable(me.data?.roles ?? []);
  const current = ANALYTICS_SYSTEMS.find((s) => s === system);
  if (!current && allowed[0]) return <Navigate to={`/analytics/${allowed[0]}`} replace />;
  if (!current || !allowed.includes(current)) {
    return (
      <Stack maw={720} mx="auto" mt="lg">
        <Title order={1}>{t('analytics.title')}</Title>
        <Text>{t('analytics.notAllowed')}</Text>
        {!me.data && (
          <Button component={Link} to="/sign-in" w="fit-content">
            {t('nav.signIn')}
          </Button>
        )}
      </Stack>
    );
  }
  return (
    <Stack maw={1200} mx="auto">
      {allowed.length > 1 && (
        <nav aria-label={t('analytics.title')}>
          <Group gap="md">
            {allowed.map((s: AnalyticsSystem) => (
              <Anchor key={s} component={NavLink} to={`/analytics/${s}`} fw={500}>
                {t(`systems.${s}`)}
              </Anchor>
            ))}
          </Group>
        </nav>
      )}
      <Title order={1} size="h2">
        {t(`analytics.${current}.title`)}
      </Title>
      <Text>{t(`analytics.${current}.intro`)}</Text>
      <Group align="flex-end">
        <NativeSelect
          label={t('analytics.period')}
          name="period"
          w={180}
          value={period}
          onChange={(e) => filters.update({ period: e.currentTarget.value })}
          data={PERIODS.map((p) => ({ value: p, label: t(`analytics.periods.${p}`) }))}
        />
        <TextInput
          type="date"
          label={t('analytics.from')}
          name="from"
          value={from}
          onChange={(e) => filters.update({ from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label={t('analytics.to')}
          name="to"
          value={to}
          onChange={(e) => filters.update({ to: e.currentTarget.value })}
        />
      </Group>
      {REPORTS[current].map((spec) => (
        <ReportSection key={spec.id} system={current} spec={spec} query={query} />
      ))}
    </Stack>
  );
}

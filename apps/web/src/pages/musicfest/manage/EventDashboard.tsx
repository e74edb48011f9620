import { Alert, Button, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../../api/client';
import { asProblem, problemMessage } from '../../../api/problem';
import { isUuid } from '../../../api/validate';
import { dateTime, money } from '../../../format';
import { DetailPage, ItemPending } from '../../DetailPage';
import { WideTable } from '../../WideTable';
import { TicketTypesTable, useFestivalEvent } from '../TicketTypesTable';
import type { EventView } from './event-form';
import { ManageFrame } from './ManageFrame';
import { EventStatus } from './ManagerEvents';

// The charting library loads after the page (decision 0052): it never counts in a page's initial JavaScript.
const SalesChart = lazy(() => import('./SalesChart'));

/** How often the page asks again: the dashboard is fed by sales events, a manager watches it move. */
const REFRESH_MS = 3_000;

/** An event for its manager: status, hosting fee, ticket types, and the sales dashboard; edit and cancel. */
export default function EventDashboard() {
  const { t } = useTranslation();
  return (
    <ManageFrame title={t('manage.dashboard')}>
      <EventOverview />
    </ManageFrame>
  );
}

function EventOverview() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const created = (useLocation().state as { created?: { status: string; hostingFee: number } } | null)?.created;
  // Until the hosting fee is settled the status is about to change.
  const event = useFestivalEvent(id, (status) => (status === 'PENDING_FEE' ? 1_000 : false));
  const e = event.data;
  if (!isUuid(id) || !e) return <ItemPending valid={isUuid(id)} query={event} />;
  return (
    <DetailPage
      back="/musicfest/manage"
      backLabel={t('manage.back')}
      maw={1100}
      title={
        <>
          {e.name} <EventStatus status={e.status} />
        </>
      }
    >
      {created && (
        <Alert color="green" role="status" data-testid="event-created">
          {t('manage.created', {
            status: t(`manage.statuses.${created.status}`),
            fee: money(created.hostingFee, e.currency),
          })}
        </Alert>
      )}
      <Text>
        <b>{t('event.when')}:</b> {dateTime(e.startsAt)} · <b>{t('manage.place')}:</b> {e.place} ·{' '}
        <b>{t('event.organizer')}:</b> {e.organizer}
      </Text>
      <Text data-testid="hosting-fee">{t('manage.hostingFeeIs', { fee: money(e.hostingFee, e.currency) })}</Text>
      {e.statusReason && <Text c="dimmed">{e.statusReason}</Text>}
      {e.status !== 'CANCELLED' && (
        <Group>
          <Button component={Link} to={`/musicfest/manage/${e.id}/edit`} variant="default">
            {t('manage.edit')}
          </Button>
          <CancelEvent event={e} />
        </Group>
      )}
      <TicketTypes event={e} />
      {e.status !== 'PENDING_FEE' && e.status !== 'FEE_DECLINED' && <Sales event={e} />}
    </DetailPage>
  );
}

function TicketTypes({ event: e }: { event: EventView }) {
  const { t } = useTranslation();
  const quantity = { header: t('manage.quantity'), cell: (tt: EventView['ticketTypes'][number]) => tt.quantity };
  return (
    <>
      <Title order={2} size="h3">
        {t('manage.ticketTypes')}
      </Title>
      <TicketTypesTable
        event={e}
        label={t('manage.ticketTable')}
        minWidth={720}
        finalPrice={t('manage.finalPrice')}
        extra={[quantity]}
      />
    </>
  );
}

/** A figure of the dashboard, findable by its test id. */
function Figure({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** The sales dashboard (ticketing's projection of sales events), asked again every few seconds. */
function Sales({ event: e }: { event: EventView }) {
  const { t } = useTranslation();
  const dashboard = useQuery({
    queryKey: ['manage', 'dashboard', e.id],
    refetchInterval: REFRESH_MS,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/musicfest/events/{id}/dashboard', {
        params: { path: { id: e.id } },
      });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
  const d = dashboard.data;
  const hours = useMemo(
    () =>
      (d?.salesOverTime ?? []).map((h) => ({ at: Date.parse(h.hour) / 1000, tickets: h.tickets, amount: h.amount })),
    [d?.salesOverTime],
  );
  const names = useMemo(() => ({ tickets: t('manage.tickets'), amount: t('manage.amount') }), [t]);
  const currency = d?.currency ?? e.currency;
  const format = useCallback((cents: number) => money(cents, currency), [currency]);
  return (
    <Stack component="section" aria-labelledby="sales-title">
      <Group justify="space-between">
        <Title order={2} size="h3" id="sales-title">
          {t('manage.dashboard')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('manage.live')}
        </Text>
      </Group>
      {dashboard.isError && <Text c="red">{t('errors.generic')}</Text>}
      {dashboard.isPending && <Text>{t('loading')}</Text>}
      {d === null && <Text data-testid="no-sales">{t('manage.noSales')}</Text>}
      {d && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Figure label={t('manage.sold')} value={d.totals.sold} testId="total-sold" />
            <Figure label={t('manage.reserved')} value={d.totals.reserved} testId="total-reserved" />
            <Figure label={t('manage.collected')} value={format(d.totals.collected)} testId="total-collected" />
            <Figure label={t('manage.commission')} value={format(d.totals.commission)} testId="total-commission" />
            <Figure label={t('manage.waitlist')} value={d.waitlistSize} testId="waitlist-size" />
          </SimpleGrid>
          <Title order={3} size="h4">
            {t('manage.salesByType')}
          </Title>
          {d.ticketTypes.map((tt) => (
            <Stack key={tt.ticketTypeId} gap={4} data-testid="type-sales">
              <Group justify="space-between">
                <Text fw={500}>{tt.name}</Text>
                <Text size="sm">
                  {t('manage.soldOf', { sold: tt.sold, capacity: tt.capacity })} · {format(tt.collected)}
                </Text>
              </Group>
              <Progress.Root size="lg">
                <Progress.Section
                  value={tt.capacity ? (100 * tt.sold) / tt.capacity : 0}
                  color="indigo"
                  aria-label={`${tt.name}: ${t('manage.sold')}`}
                />
                <Progress.Section
                  value={tt.capacity ? (100 * tt.reserved) / tt.capacity : 0}
                  color="yellow"
                  aria-label={`${tt.name}: ${t('manage.reserved')}`}
                />
              </Progress.Root>
            </Stack>
          ))}
          <Title order={3} size="h4">
            {t('manage.overTime')}
          </Title>
          {hours.length > 0 && (
            <Suspense fallback={<Text>{t('loading')}</Text>}>
              <SalesChart label={t('manage.chart')} hours={hours} names={names} money={format} />
            </Suspense>
          )}
          <WideTable label={t('manage.overTime')} minWidth={420}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('manage.hour')}</Table.Th>
                <Table.Th>{t('manage.tickets')}</Table.Th>
                <Table.Th>{t('manage.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.salesOverTime.map((h) => (
                <Table.Tr key={h.hour}>
                  <Table.Td>{dateTime(h.hour)}</Table.Td>
                  <Table.Td>{h.tickets}</Table.Td>
                  <Table.Td>{format(h.amount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </WideTable>
        </>
      )}
    </Stack>
  );
}

/** Cancelling the event: a reason for the buyers, a confirmation, then the API's answer. */
function CancelEvent({ event: e }: { event: EventView }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const cancel = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const text = reason.trim();
      const { error } = await api.DELETE('/api/musicfest/events/{id}', {
        params: { path: { id: e.id } },
        body: text ? { reason: text } : {},
      });
      if (error) return setProblem(problemMessage(asProblem(error), t('errors.generic')));
      setAsking(false);
      await queries.invalidateQueries({ queryKey: ['event', e.id] });
      void queries.invalidateQueries({ queryKey: ['manage'] });
    } finally {
      setBusy(false);
    }
  };
  if (!asking) {
    return (
      <Button color="red" variant="light" onClick={() => setAsking(true)}>
        {t('manage.cancel')}
      </Button>
    );
  }
  return (
    <Paper withBorder p="md" w="100%">
      <Stack>
        <Text>{t('manage.cancelConfirm')}</Text>
        <TextInput
          label={t('manage.cancelReason')}
          name="reason"
          maxLength={500}
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
        />
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Group>
          <Button color="red" loading={busy} onClick={() => void cancel()}>
            {t('manage.cancelYes')}
          </Button>
          <Button variant="default" onClick={() => setAsking(false)}>
            {t('manage.cancelNo')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

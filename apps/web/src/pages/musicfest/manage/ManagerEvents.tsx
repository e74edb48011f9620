import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { dateTime, money } from '../../../format';
import { Pager } from '../../Pager';
import { WideTable } from '../../WideTable';
import { ManageFrame } from './ManageFrame';

const PER_PAGE = 20;
export const STATUSES = ['PENDING_FEE', 'PUBLISHED', 'FEE_DECLINED', 'CANCELLED'] as const;
type Status = (typeof STATUSES)[number];
const COLORS: Record<Status, string> = {
  PENDING_FEE: 'yellow',
  PUBLISHED: 'green',
  FEE_DECLINED: 'red',
  CANCELLED: 'gray',
};

/** An event's status in words beside a coloured dot (the words keep their contrast; axe-core checks it). */
export function EventStatus({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="dot" data-testid="event-status" data-status={status}>
      {t(`manage.statuses.${status}`)}
    </Badge>
  );
}

/** The manager's events in any status, newest first, with their hosting fee as the API charged it. */
export default function ManagerEvents() {
  const { t } = useTranslation();
  return (
    <ManageFrame title={t('manage.title')}>
      <EventList />
    </ManageFrame>
  );
}

function EventList() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | ''>('');
  const events = useQuery({
    queryKey: ['manage', 'events', page, status],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/musicfest/manager/events', {
        params: { query: { page, pageSize: PER_PAGE, ...(status ? { status } : {}) } },
      });
      if (error) throw error;
      return data;
    },
  });
  const list = events.data;
  return (
    <Stack maw={1100} mx="auto">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('manage.title')}
        </Title>
        <Button component={Link} to="/musicfest/manage/new">
          {t('manage.create')}
        </Button>
      </Group>
      <NativeSelect
        label={t('manage.status')}
        name="status"
        w="fit-content"
        value={status}
        onChange={(e) => {
          setStatus(e.currentTarget.value as Status | '');
          setPage(1);
        }}
        data={[
          { value: '', label: t('manage.allStatuses') },
          ...STATUSES.map((s) => ({ value: s, label: t(`manage.statuses.${s}`) })),
        ]}
      />
      {events.isError && <Text c="red">{t('errors.generic')}</Text>}
      {!list && !events.isError && <Text>{t('loading')}</Text>}
      {list?.items.length === 0 && <Text>{t('manage.none')}</Text>}
      {list && list.items.length > 0 && (
        <WideTable label={t('manage.title')} minWidth={820}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('manage.name')}</Table.Th>
              <Table.Th>{t('manage.status')}</Table.Th>
              <Table.Th>{t('manage.startsAt')}</Table.Th>
              <Table.Th>{t('manage.seatsLeft')}</Table.Th>
              <Table.Th>{t('manage.hostingFee')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('manage.edit')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((e) => (
              <Table.Tr key={e.id} data-testid="manager-event">
                <Table.Td>
                  <Anchor component={Link} to={`/musicfest/manage/${e.id}`}>
                    {e.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <EventStatus status={e.status} />
                </Table.Td>
                <Table.Td>{dateTime(e.startsAt)}</Table.Td>
                <Table.Td>{e.seatsLeft}</Table.Td>
                <Table.Td>{money(e.hostingFee, e.currency)}</Table.Td>
                <Table.Td>
                  {e.status !== 'CANCELLED' && (
                    <Anchor
                      component={Link}
                      to={`/musicfest/manage/${e.id}/edit`}
                      aria-label={`${t('manage.edit')}: ${e.name}`}
                    >
                      {t('manage.edit')}
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
      {list && <Pager page={page} pages={Math.ceil(list.total / PER_PAGE)} go={setPage} />}
    </Stack>
  );
}

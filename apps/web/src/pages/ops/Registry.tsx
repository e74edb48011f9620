import { Button, Group, NativeSelect, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { dateTime } from '../../format';
import { WideTable } from '../WideTable';
import { OPS_REFRESH_MS, OpsFrame, useOpsAction } from './OpsFrame';

const STATUSES = ['FAILED', 'RETRIED', 'DISCARDED'] as const;
type Status = (typeof STATUSES)[number];

/**
 * The failed registry (events parked after their last retry, with the reason) and the hold
 * registry (later events of the same key waiting behind them); an operator retries or
 * discards a parked event and watches the held ones drain.
 */
export default function Registry() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>('FAILED');
  const failed = useQuery({
    queryKey: ['ops', 'failed', status],
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/ops/failed', { params: { query: { status } } });
      if (error) throw error;
      return data.items;
    },
  });
  const held = useQuery({
    queryKey: ['ops', 'held'],
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/ops/held');
      if (error) throw error;
      return data.items;
    },
  });
  const retry = useOpsAction(
    (id: string) => api.POST('/api/ops/failed/{id}/retry', { params: { path: { id } } }),
    t('ops.failed.retried'),
  );
  const discard = useOpsAction(
    (id: string) => api.POST('/api/ops/failed/{id}/discard', { params: { path: { id } } }),
    t('ops.failed.discarded'),
  );
  const busy = retry.pending || discard.pending;
  return (
    <OpsFrame title={t('ops.failed.title')} intro={t('ops.failed.intro')}>
      <Text size="sm" c="dimmed">
        {t('ops.refreshed')}
      </Text>
      {retry.notice}
      {discard.notice}
      <NativeSelect
        label={t('ops.failed.status')}
        name="status"
        w={220}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as Status)}
        data={STATUSES.map((s) => ({ value: s, label: t(`ops.failed.statuses.${s}`) }))}
      />
      {failed.isError && <Text c="red">{t('errors.generic')}</Text>}
      {failed.data?.length === 0 && <Text>{t('ops.failed.none')}</Text>}
      {failed.data && failed.data.length > 0 && (
        <WideTable label={t('ops.failed.title')} minWidth={980}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ops.failed.group')}</Table.Th>
              <Table.Th>{t('ops.failed.key')}</Table.Th>
              <Table.Th>{t('ops.failed.topic')}</Table.Th>
              <Table.Th>{t('ops.failed.reason')}</Table.Th>
              <Table.Th>{t('ops.failed.attempts')}</Table.Th>
              <Table.Th>{t('ops.failed.failedAt')}</Table.Th>
              <Table.Th>{t('ops.failed.held')}</Table.Th>
              {status === 'FAILED' && <Table.Th>{t('ops.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failed.data.map((f) => (
              <Table.Tr key={f.id} data-testid="failed-row">
                <Table.Td>{f.group}</Table.Td>
                <Table.Td>
                  <code>{f.key}</code>
                </Table.Td>
                <Table.Td>{f.topic}</Table.Td>
                <Table.Td>{f.reason}</Table.Td>
                <Table.Td>{f.attempts}</Table.Td>
                <Table.Td>{dateTime(f.failedAt)}</Table.Td>
                <Table.Td>{f.heldCount}</Table.Td>
                {status === 'FAILED' && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" disabled={busy} onClick={() => retry.run(f.id)}>
                        {t('ops.retry')}
                      </Button>
                      <Button size="xs" variant="outline" color="red" disabled={busy} onClick={() => discard.run(f.id)}>
                        {t('ops.discard')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
      <Title order={2} size="h3">
        {t('ops.held.title')}
      </Title>
      {held.isError && <Text c="red">{t('errors.generic')}</Text>}
      {held.data?.length === 0 && <Text>{t('ops.held.none')}</Text>}
      {held.data && held.data.length > 0 && (
        <WideTable label={t('ops.held.title')} minWidth={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ops.held.seq')}</Table.Th>
              <Table.Th>{t('ops.failed.group')}</Table.Th>
              <Table.Th>{t('ops.failed.key')}</Table.Th>
              <Table.Th>{t('ops.failed.topic')}</Table.Th>
              <Table.Th>{t('ops.held.eventId')}</Table.Th>
              <Table.Th>{t('ops.held.heldAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {held.data.map((h) => (
              <Table.Tr key={`${h.group}-${h.seq}`} data-testid="held-row">
                <Table.Td>{h.seq}</Table.Td>
                <Table.Td>{h.group}</Table.Td>
                <Table.Td>
                  <code>{h.key}</code>
                </Table.Td>
                <Table.Td>{h.topic}</Table.Td>
                <Table.Td>
                  <code>{h.eventId}</code>
                </Table.Td>
                <Table.Td>{dateTime(h.heldAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
    </OpsFrame>
  );
}

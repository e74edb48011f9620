import { Button, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { dateTime } from '../../format';
import { WideTable } from '../WideTable';
import { OPS_REFRESH_MS, OpsFrame, useOpsAction } from './OpsFrame';

/** Queue jobs that failed every retry, across services, newest first; each can go back to its queue. */
export default function DeadLetters() {
  const { t } = useTranslation();
  const dead = useQuery({
    queryKey: ['ops', 'dead-letters'],
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/ops/dead-letters', { params: { query: { limit: 200 } } });
      if (error) throw error;
      return data.items;
    },
  });
  const retry = useOpsAction(
    (id: string) => api.POST('/api/ops/dead-letters/{id}/retry', { params: { path: { id } } }),
    t('ops.deadLetters.retried'),
  );
  return (
    <OpsFrame title={t('ops.deadLetters.title')} intro={t('ops.deadLetters.intro')}>
      {retry.notice}
      {dead.isError && <Text c="red">{t('errors.generic')}</Text>}
      {dead.data?.length === 0 && <Text>{t('ops.deadLetters.none')}</Text>}
      {dead.data && dead.data.length > 0 && (
        <WideTable label={t('ops.deadLetters.title')} minWidth={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ops.deadLetters.service')}</Table.Th>
              <Table.Th>{t('ops.deadLetters.queue')}</Table.Th>
              <Table.Th>{t('ops.deadLetters.error')}</Table.Th>
              <Table.Th>{t('ops.deadLetters.attempts')}</Table.Th>
              <Table.Th>{t('ops.deadLetters.deadAt')}</Table.Th>
              <Table.Th>{t('ops.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {dead.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.service}</Table.Td>
                <Table.Td>{d.queue}</Table.Td>
                <Table.Td>{d.error ?? ''}</Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>{dateTime(d.deadAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" disabled={retry.pending} onClick={() => retry.run(d.id)}>
                    {t('ops.retry')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
    </OpsFrame>
  );
}

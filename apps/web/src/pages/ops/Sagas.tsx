import { Anchor, Badge, NativeSelect, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { dateTime } from '../../format';
import { WideTable } from '../WideTable';
import { OPS_REFRESH_MS, OpsFrame } from './OpsFrame';

export const SAGA_STATUSES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'PARKED', 'DISCARDED'] as const;
type SagaStatus = (typeof SAGA_STATUSES)[number];

/** A saga status as a coloured badge (its name is the API's). */
export function SagaStatusBadge({ status }: { status: SagaStatus }) {
  const color = { PARKED: 'red', DISCARDED: 'gray', COMPLETED: 'green', COMPENSATED: 'orange' }[status as string];
  return (
    <Badge color={color ?? 'indigo'} variant="dot">
      {status}
    </Badge>
  );
}

/** Every service's saga instances, newest first, by status; each opens on its step log. */
export default function Sagas() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SagaStatus | ''>('');
  const sagas = useQuery({
    queryKey: ['ops', 'sagas', status],
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const query = status ? { status, limit: 100 } : { limit: 100 };
      const { data, error } = await api.GET('/api/ops/sagas', { params: { query } });
      if (error) throw error;
      return data.items;
    },
  });
  return (
    <OpsFrame title={t('ops.sagas.title')}>
      <NativeSelect
        label={t('ops.sagas.status')}
        name="status"
        w={220}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as SagaStatus | '')}
        data={[{ value: '', label: t('ops.sagas.any') }, ...SAGA_STATUSES.map((s) => ({ value: s, label: s }))]}
      />
      {sagas.isError && <Text c="red">{t('errors.generic')}</Text>}
      {sagas.data?.length === 0 && <Text>{t('ops.sagas.none')}</Text>}
      {sagas.data && sagas.data.length > 0 && (
        <WideTable label={t('ops.sagas.title')} minWidth={900}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ops.sagas.name')}</Table.Th>
              <Table.Th>{t('ops.sagas.status')}</Table.Th>
              <Table.Th>{t('ops.sagas.step')}</Table.Th>
              <Table.Th>{t('ops.sagas.attempts')}</Table.Th>
              <Table.Th>{t('ops.sagas.failure')}</Table.Th>
              <Table.Th>{t('ops.sagas.updatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sagas.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/ops/sagas/${s.id}`}>
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <SagaStatusBadge status={s.status} />
                </Table.Td>
                <Table.Td>{s.stepName ?? s.step}</Table.Td>
                <Table.Td>{s.attempts}</Table.Td>
                <Table.Td>{s.failure ?? ''}</Table.Td>
                <Table.Td>{dateTime(s.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
      )}
    </OpsFrame>
  );
}

import { Anchor, Button, Code, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { isUuid } from '../../api/validate';
import { dateTime } from '../../format';
import NotFound from '../NotFound';
import { WideTable } from '../WideTable';
import { OPS_REFRESH_MS, OpsFrame, useOpsAction } from './OpsFrame';
import { SagaStatusBadge } from './Sagas';

/** One saga: where it is, why it failed, its state and its step log; a parked one can be retried or discarded. */
export default function SagaPage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const saga = useQuery({
    queryKey: ['ops', 'saga', id],
    enabled: isUuid(id),
    refetchInterval: OPS_REFRESH_MS,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/ops/sagas/{id}', { params: { path: { id } } });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
  const retry = useOpsAction(
    () => api.POST('/api/ops/sagas/{id}/retry', { params: { path: { id } } }),
    t('ops.failed.retried'),
  );
  const discard = useOpsAction(
    () => api.POST('/api/ops/sagas/{id}/discard', { params: { path: { id } } }),
    t('ops.failed.discarded'),
  );
  if (!isUuid(id) || saga.data === null) return <NotFound />;
  const s = saga.data;
  return (
    <OpsFrame title={s ? `${s.name} · ${s.id}` : t('ops.sagas.title')}>
      <Anchor component={Link} to="/ops/sagas" size="sm">
        ← {t('ops.sagas.back')}
      </Anchor>
      {saga.isError && <Text c="red">{t('errors.generic')}</Text>}
      {!s && !saga.isError && <Text>{t('loading')}</Text>}
      {retry.notice}
      {discard.notice}
      {s && (
        <>
          <Group>
            <SagaStatusBadge status={s.status} />
            <Text>
              {t('ops.sagas.step')}: {s.stepName ?? s.step} · {t('ops.sagas.attempts')}: {s.attempts} ·{' '}
              {t('ops.sagas.createdAt')}: {dateTime(s.createdAt)} · {t('ops.sagas.updatedAt')}: {dateTime(s.updatedAt)}
            </Text>
          </Group>
          {s.failure && (
            <Text>
              <b>{t('ops.sagas.failure')}:</b> {s.failure}
            </Text>
          )}
          {s.cause && (
            <Text>
              <b>{t('ops.sagas.cause')}:</b> {s.cause.step} · {s.cause.kind} · {s.cause.reason}
            </Text>
          )}
          {s.lastError && (
            <Text>
              <b>{t('ops.sagas.lastError')}:</b> {s.lastError}
            </Text>
          )}
          {s.status === 'PARKED' && (
            <>
              <Text>{t('ops.sagas.parkedHint')}</Text>
              <Group>
                <Button disabled={retry.pending || discard.pending} onClick={() => retry.run(undefined)}>
                  {t('ops.retry')}
                </Button>
                <Button
                  variant="outline"
                  color="red"
                  disabled={retry.pending || discard.pending}
                  onClick={() => discard.run(undefined)}
                >
                  {t('ops.discard')}
                </Button>
              </Group>
            </>
          )}
          <Title order={2} size="h3">
            {t('ops.sagas.log')}
          </Title>
          {(s.log ?? []).length === 0 ? (
            <Text>{t('ops.sagas.noLog')}</Text>
          ) : (
            <WideTable label={t('ops.sagas.log')} minWidth={720}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ops.sagas.at')}</Table.Th>
                  <Table.Th>{t('ops.sagas.step')}</Table.Th>
                  <Table.Th>{t('ops.sagas.action')}</Table.Th>
                  <Table.Th>{t('ops.sagas.detail')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(s.log ?? []).map((line) => (
                  <Table.Tr key={`${line.at}-${line.step}-${line.action}`}>
                    <Table.Td>{dateTime(line.at)}</Table.Td>
                    <Table.Td>{line.step}</Table.Td>
                    <Table.Td>{line.action}</Table.Td>
                    <Table.Td>{line.detail ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </WideTable>
          )}
          <Title order={2} size="h3">
            {t('ops.sagas.state')}
          </Title>
          <Code block>{JSON.stringify(s.state, null, 2)}</Code>
        </>
      )}
    </OpsFrame>
  );
}

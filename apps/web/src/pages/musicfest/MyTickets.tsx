import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { dateTime, money } from '../../format';
import { signInPath } from '../access/return-to';
import { Pager } from '../Pager';
import { CancelPurchase, Refund, StatusBadge, Tickets } from './purchase';

const PER_PAGE = 10;

/** The signed-in buyer's purchases, newest first, with their tickets' QR codes and cancelling. */
export default function MyTickets() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const purchases = useQuery({
    queryKey: ['my-purchases', page],
    enabled: signedIn,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/musicfest/purchases', {
        params: { query: { page, pageSize: PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  if (!signedIn) return <Navigate to={signInPath('/musicfest/tickets')} replace />;
  if (purchases.isError) return <Text c="red">{t('errors.generic')}</Text>;
  const list = purchases.data;
  const refresh = () => void queries.invalidateQueries({ queryKey: ['my-purchases'] });
  return (
    <Stack maw={960} mx="auto">
      <Title order={1} size="h2">
        {t('festival.myTickets')}
      </Title>
      {!list && <Text>{t('loading')}</Text>}
      {list?.items.length === 0 && <Text>{t('festival.noPurchases')}</Text>}
      {list?.items.map((p) => (
        <Card key={p.id} withBorder component="article" data-testid="my-purchase">
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={2} size="h4">
                {p.eventName}
              </Title>
              <StatusBadge status={p.status} />
            </Group>
            <Text size="sm">
              {p.items.map((i) => `${i.quantity} × ${i.ticketTypeName}`).join(', ')} · {t('festival.total')}:{' '}
              {money(p.total, p.currency)} · {t('festival.bought', { date: dateTime(p.createdAt) })}
            </Text>
            <Anchor component={Link} to={`/musicfest/purchases/${p.id}`} size="sm">
              {t('festival.view')}
            </Anchor>
            <Refund purchase={p} />
            <Tickets purchase={p} />
            <CancelPurchase purchase={p} onDone={refresh} />
          </Stack>
        </Card>
      ))}
      <Pager page={page} pages={Math.max(1, Math.ceil((list?.total ?? 0) / PER_PAGE))} go={setPage} />
    </Stack>
  );
}

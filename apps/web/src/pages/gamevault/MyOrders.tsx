import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { dateTime, money } from '../../format';
import { Pager } from '../Pager';
import { useUrlFilters } from '../url-filters';
import { OrderStatusBadge, SignInFirst, settling, useGameVault } from './parts';

const PER_PAGE = 10;

/** The buyer's orders, newest first (as the API lists them), by pages; asked again while one is still settling. */
export default function MyOrders() {
  const { t } = useTranslation();
  useGameVault();
  const signedIn = useSignedIn();
  const { page, update } = useUrlFilters([] as const);
  const orders = useQuery({
    queryKey: ['gamevault-orders', page],
    enabled: signedIn,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((o) => settling(o.status)) ? 2_000 : false),
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/orders', {
        params: { query: { page, pageSize: PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  const pages = Math.max(1, Math.ceil((orders.data?.total ?? 0) / PER_PAGE));
  return (
    <Stack maw={720} mx="auto">
      <Title order={1} size="h2">
        {t('gamevault.order.mine')}
      </Title>
      {!signedIn && <SignInFirst message={t('gamevault.order.signInFirst')} />}
      {orders.isError && <Text c="red">{t('errors.generic')}</Text>}
      {orders.data?.items.length === 0 && <Text data-testid="no-orders">{t('gamevault.order.none')}</Text>}
      {orders.data?.items.map((o) => (
        <Card key={o.id} withBorder component="article" data-order={o.id}>
          <Group justify="space-between">
            <Anchor component={Link} to={`/gamevault/orders/${o.id}`} fw={600}>
              {t('gamevault.order.placed', { date: dateTime(o.createdAt) })}
            </Anchor>
            <OrderStatusBadge status={o.status} />
          </Group>
          <Text size="sm">
            {t('gamevault.order.count', { count: o.itemCount })} · {money(o.totalCents)}
          </Text>
        </Card>
      ))}
      <Pager page={page} pages={pages} go={(p) => update({ page: String(p) })} />
    </Stack>
  );
}

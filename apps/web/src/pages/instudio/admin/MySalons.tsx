import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { useMe } from '../../../api/me';
import { AdminGate } from './admin-parts';

/** The salons the signed-in admin runs (a platform admin sees every salon), each a way into its admin pages. */
function Salons() {
  const { t } = useTranslation();
  const me = useMe();
  const salons = useQuery({
    queryKey: ['admin-salons', me.data?.id],
    enabled: me.data !== undefined,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/admin/salons', { params: { query: { pageSize: 100 } } });
      if (error) throw error;
      return data;
    },
  });
  return (
    <Stack maw={960} mx="auto">
      <Title order={1} size="h2">
        {t('salonAdmin.title')}
      </Title>
      {salons.isError && <Text c="red">{t('errors.generic')}</Text>}
      {salons.isPending && <Text>{t('loading')}</Text>}
      {salons.data?.items.length === 0 && <Text>{t('salonAdmin.none')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {salons.data?.items.map((s) => (
          <Card key={s.id} withBorder component="article">
            <Anchor component={Link} to={`/instudio/admin/salons/${s.id}`} fw={600}>
              {s.name}
            </Anchor>
            <Text size="sm">
              {s.address}, {s.district}
            </Text>
            <Text size="sm" c="dimmed">
              {t('salonAdmin.services', { count: s.serviceCount })}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export default function MySalons() {
  return (
    <AdminGate>
      <Salons />
    </AdminGate>
  );
}

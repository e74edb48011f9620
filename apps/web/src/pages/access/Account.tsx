import { Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useMe, useSignedIn } from '../../api/me';
import { session } from '../../api/session';
import { dateTime } from '../../format';

/** The signed-in user's account: who they are, their remembered devices, sign out everywhere. */
export default function Account() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const me = useMe();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const devices = useQuery({
    queryKey: ['devices'],
    enabled: signedIn,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/identity/devices');
      if (error) throw error;
      return data.items;
    },
  });
  const forget = useMutation({
    mutationFn: async (id: string) => {
      const { error } = await api.DELETE('/api/identity/devices/{id}', { params: { path: { id } } });
      if (error) throw error;
    },
    onSuccess: () => queries.invalidateQueries({ queryKey: ['devices'] }),
  });
  const signOutAll = useMutation({
    mutationFn: async () => {
      const { error } = await api.POST('/api/identity/logout-all');
      if (error) throw error;
    },
    onSuccess: () => {
      session.set(undefined);
      queries.clear();
      void navigate('/sign-in');
    },
  });
  if (!signedIn) return <Navigate to="/sign-in" replace />;
  if (!me.data) return <Text>{t('loading')}</Text>;
  return (
    <Stack maw={720} mx="auto">
      <Title order={1} size="h2">
        {t('account.title')}
      </Title>
      <Card withBorder>
        <Text fw={600} data-testid="account-name">
          {me.data.name}
        </Text>
        <Text c="dimmed" data-testid="account-email">
          {me.data.email}
        </Text>
        <Group gap="xs" mt="xs" aria-label={t('account.roles')}>
          {me.data.roles.map((r) => (
            <Badge key={r} variant="outline">
              {r}
            </Badge>
          ))}
        </Group>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('account.devices')}
        </Title>
        {devices.data && devices.data.length === 0 && <Text c="dimmed">{t('account.noDevices')}</Text>}
        <List listStyleType="none" spacing="sm">
          {devices.data?.map((d) => (
            <List.Item key={d.id}>
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text>{d.name ?? t('account.unnamed')}</Text>
                  <Text size="sm" c="dimmed">
                    {t('account.added', { date: dateTime(d.createdAt) })}
                    {d.lastUsedAt ? `, ${t('account.lastUsed', { date: dateTime(d.lastUsedAt) })}` : ''}
                  </Text>
                </div>
                <Button variant="subtle" color="red" onClick={() => forget.mutate(d.id)} loading={forget.isPending}>
                  {t('account.forget')}
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      </Card>
      <Card withBorder>
        <Text size="sm" mb="sm">
          {t('account.signOutAllHelp')}
        </Text>
        <Button color="red" variant="light" onClick={() => signOutAll.mutate()} loading={signOutAll.isPending}>
          {t('account.signOutAll')}
        </Button>
      </Card>
    </Stack>
  );
}

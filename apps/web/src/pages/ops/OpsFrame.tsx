import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { useMe } from '../../api/me';
import { asProblem, problemMessage } from '../../api/problem';

/** How often the console asks again: an operator watches things change (held events draining). */
export const OPS_REFRESH_MS = 2_000;

const PAGES = [
  ['/ops', 'registry'],
  ['/ops/sagas', 'sagas'],
  ['/ops/dead-letters', 'deadLetters'],
  ['/ops/alerts', 'alerts'],
  ['/ops/traffic', 'traffic'],
] as const;

/** Whether the signed-in user is a platform admin (undefined while it is not known yet). */
export function useIsAdmin(): boolean | undefined {
  const me = useMe();
  if (me.isPending && me.fetchStatus !== 'idle') return undefined;
  return me.data?.roles.includes('platform_admin') ?? false;
}

/** An operations page: the console's own navigation, its title, and only for platform admins. */
export function OpsFrame({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const admin = useIsAdmin();
  if (admin === undefined) return <Text>{t('loading')}</Text>;
  if (!admin) {
    return (
      <Stack maw={720} mx="auto" mt="lg">
        <Title order={1}>{t('ops.title')}</Title>
        <Text>{t('ops.onlyAdmins')}</Text>
        <Button component={Link} to="/sign-in" w="fit-content">
          {t('ops.signIn')}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack maw={1200} mx="auto">
      <nav aria-label={t('ops.title')}>
        <Group gap="md">
          {PAGES.map(([to, key]) => (
            <Anchor key={key} component={NavLink} to={to} end fw={500}>
              {t(`ops.nav.${key}`)}
            </Anchor>
          ))}
        </Group>
      </nav>
      <Title order={1} size="h2">
        {title}
      </Title>
      {intro && <Text>{intro}</Text>}
      {children}
    </Stack>
  );
}

/**
 * An operator's action (retry, discard): the API's problem shows above the tables, a success
 * message says what happens next, and the console's lists are asked again at once.
 */
export function useOpsAction<V>(act: (value: V) => Promise<{ error?: unknown }>, done: string) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const mutation = useMutation({
    mutationFn: async (value: V) => {
      const { error } = await act(value);
      if (error) throw error;
    },
    onSuccess: () => setMessage({ ok: true, text: done }),
    onError: (error) => setMessage({ ok: false, text: problemMessage(asProblem(error), t('errors.generic')) }),
    onSettled: () => queries.invalidateQueries({ queryKey: ['ops'] }),
  });
  const notice = message && (
    <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'} data-testid="ops-notice">
      {message.text}
    </Alert>
  );
  return { run: (value: V) => mutation.mutate(value), pending: mutation.isPending, notice };
}

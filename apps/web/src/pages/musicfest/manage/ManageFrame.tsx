import { Button, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../../../api/client';
import { useMe, useSignedIn } from '../../../api/me';
import { asProblem } from '../../../api/problem';
import { setSystem } from '../../../system';
import { signInPath } from '../../access/return-to';

/** The roles the festivals service lets manage events (its `managers`). */
export const MANAGER_ROLES = ['manager', 'platform_admin'];

/** Whether an API error asks to sign in again meeting MusicFest's policy (the emailed code). */
export function needsStepUp(error: unknown): boolean {
  return asProblem(error)?.code === 'STEP_UP_REQUIRED';
}

/** The way back to the same page through MusicFest's sign-in (with the emailed code). */
function StepUp() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const here = useLocation();
  return (
    <>
      <Text>{t('manage.stepUp')}</Text>
      <Button
        w="fit-content"
        onClick={() => {
          setSystem('musicfest');
          void navigate(signInPath(here.pathname + here.search));
        }}
      >
        {t('manage.signInAgain')}
      </Button>
    </>
  );
}

/**
 * A page of the managers panel: signed out it goes to sign in and back; for someone who is
 * not a manager it says whom it is for; signed in without MusicFest's second factor (the
 * panel's API asks for it) it offers signing in with the emailed code. Else the page.
 */
export function ManageFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const here = useLocation();
  const me = useMe();
  const manager = me.data?.roles.some((r) => MANAGER_ROLES.includes(r));
  // The panel's own list, one item: it answers STEP_UP_REQUIRED when the sign-in lacks the code.
  const access = useQuery({
    queryKey: ['manage', 'access', signedIn],
    enabled: manager === true,
    retry: false,
    queryFn: async () => {
      const { error } = await api.GET('/api/musicfest/manager/events', { params: { query: { pageSize: 1 } } });
      return !needsStepUp(error);
    },
  });
  if (!signedIn) return <Navigate to={signInPath(here.pathname + here.search)} replace />;
  const allowed = manager === false ? false : access.data;
  if (allowed === true) return <>{children}</>;
  return (
    <Stack maw={720} mx="auto" mt="lg">
      <Title order={1} size="h2">
        {title}
      </Title>
      {allowed === undefined && <Text>{t('loading')}</Text>}
      {manager === false && <Text>{t('manage.onlyManagers')}</Text>}
      {manager && allowed === false && <StepUp />}
    </Stack>
  );
}

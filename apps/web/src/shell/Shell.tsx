import { Anchor, AppShell, Burger, Button, Group, SegmentedControl, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { useMe } from '../api/me';
import { LANGUAGES, type Language, setLanguage } from '../i18n';
import { SYSTEMS, type System, setSystem, useSystem } from '../system';

// The menu (a popover) loads once someone is signed in: signed-out pages do without it.
const UserMenu = lazy(() => import('./UserMenu'));

/** The signed-in user's menu, or the way to sign in. */
function User() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) {
    return (
      <Button component={Link} to="/sign-in" variant="light">
        {t('nav.signIn')}
      </Button>
    );
  }
  return (
    <Suspense fallback={<Button variant="subtle">{me.data.name}</Button>}>
      <UserMenu me={me.data} />
    </Suspense>
  );
}

/** Each system's own pages, linked from every page while that system is in use. */
const SYSTEM_LINKS: Partial<Record<System, { to: string; label: string }[]>> = {
  gamevault: [
    { to: '/gamevault', label: 'gamevault.nav.catalog' },
    { to: '/gamevault/cart', label: 'gamevault.nav.cart' },
    { to: '/gamevault/orders', label: 'gamevault.nav.orders' },
    { to: '/gamevault/forums', label: 'gamevault.nav.forums' },
  ],
};

function SystemNav({ system }: { system: System }) {
  const { t } = useTranslation();
  const links = SYSTEM_LINKS[system];
  if (!links) return null;
  return (
    <Group component="nav" aria-label={t(`systems.${system}`)} gap="lg" mb="md" data-testid="system-nav">
      {links.map((l) => (
        <Anchor key={l.to} component={Link} to={l.to} fw={500}>
          {t(l.label)}
        </Anchor>
      ))}
    </Group>
  );
}

/** The app's frame: header with the system switcher, language, and the user's menu. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const system = useSystem();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure();
  const switcher = (
    <SegmentedControl
      aria-label={t('app.system')}
      value={system}
      onChange={(value) => {
        setSystem(value as System);
        close();
        void navigate('/');
      }}
      data={SYSTEMS.map((s) => ({ value: s, label: t(`systems.${s}`) }))}
    />
  );
  const language = (
    <SegmentedControl
      aria-label={t('app.language')}
      value={i18n.language}
      onChange={(value) => setLanguage(value as Language)}
      data={LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))}
    />
  );
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <Anchor href="#main" className="skip-link">
        {t('app.skip')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.system')} />
            <Anchor component={Link} to="/" fw={700} size="lg" underline="never">
              {t('app.name')}
            </Anchor>
            <Group visibleFrom="sm">{switcher}</Group>
          </Group>
          <Group wrap="nowrap" gap="xs">
            <Group visibleFrom="sm">{language}</Group>
            <User />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="md">
        {switcher}
        <div style={{ marginTop: 16 }}>{language}</div>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <SystemNav system={system} />
        <Suspense fallback={<Text>{t('loading')}</Text>}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

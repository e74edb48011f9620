import { Button, Menu } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { session } from '../api/session';
import { readable } from '../pages/analytics/reports';

/** The signed-in user's menu: their account, the operations console for platform admins, MusicFest's events panel for managers, Chat's advertising for advertisers, GameVault's moderation queue for its moderators, and signing out. */
export default function UserMenu({ me }: { me: { name: string; email: string; roles: string[] } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const signOut = async () => {
    const refreshToken = session.current()?.refreshToken;
    if (refreshToken) await api.POST('/api/identity/logout', { body: { refreshToken } });
    session.set(undefined);
    queries.clear();
    void navigate('/');
  };
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="subtle" data-testid="user-menu">
          {me.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.email}</Menu.Label>
        <Menu.Item component={Link} to="/account">
          {t('nav.account')}
        </Menu.Item>
        {me.roles.includes('platform_admin') && (
          <Menu.Item component={Link} to="/ops">
            {t('ops.title')}
          </Menu.Item>
        )}
        {readable(me.roles).length > 0 && (
          <Menu.Item component={Link} to="/analytics">
            {t('analytics.menu')}
          </Menu.Item>
        )}
        {me.roles.includes('manager') && (
          <Menu.Item component={Link} to="/musicfest/manage">
            {t('manage.menu')}
          </Menu.Item>
        )}
        {me.roles.includes('salon_admin') && (
          <Menu.Item component={Link} to="/instudio/admin">
            {t('salonAdmin.title')}
          </Menu.Item>
        )}
        <Menu.Item component={Link} to="/chat">
          {t('chat.nav.chat')}
        </Menu.Item>
        {me.roles.some((r) => r === 'advertiser' || r === 'platform_admin') && (
          <Menu.Item component={Link} to="/chat/ads">
            {t('chat.nav.ads')}
          </Menu.Item>
        )}
        {me.roles.some((r) => r === 'gamevault_admin' || r === 'platform_admin') && (
          <Menu.Item component={Link} to="/gamevault/moderation">
            {t('gamevault.nav.moderation')}
          </Menu.Item>
        )}
        {me.roles.includes('seller') && (
          <Menu.Item component={Link} to="/gamevault/selling">
            {t('gamevault.nav.selling')}
          </Menu.Item>
        )}
        <Menu.Item component={Link} to="/gamevault/orders">
          {t('gamevault.nav.orders')}
        </Menu.Item>
        <Menu.Item component={Link} to="/instudio/bookings">
          {t('booking.mine')}
        </Menu.Item>
        <Menu.Item component={Link} to="/musicfest/tickets">
          {t('festival.myTickets')}
        </Menu.Item>
        <Menu.Item onClick={() => void signOut()}>{t('nav.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

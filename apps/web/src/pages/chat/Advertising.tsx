import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useMe, useSignedIn } from '../../api/me';
import { money } from '../../format';
import i18n from '../../i18n';
import { WideTable } from '../WideTable';
import { CampaignForm } from './campaign-form';
import { POLL_MS, SignInToChat, usePageVisible } from './parts';

/** A click-through rate (0.1234) as the user's language writes a percentage with two decimals. */
const percent = (rate: number) =>
  new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    rate,
  );

/** Who may run campaigns (the campaign routes' roles). */
export const ADVERTISERS = ['advertiser', 'platform_admin'];

type Campaign = NonNullable<
  Awaited<ReturnType<typeof api.GET<'/api/chat/ads/campaigns', object>>>['data']
>['items'][number];

/** A campaign's numbers from analytics (`/api/analytics/chat/ads`, every day so far). */
interface Stats {
  impressions: number;
  clicks: number;
  ctr: number;
  spendCents: number;
}

/**
 * The advertiser's page (`/chat/ads`): a form for a new campaign and the caller's campaigns with
 * impressions, clicks, CTR and spend as analytics reports them (read again every few seconds
 * while in view: the numbers follow the events), and a pause button.
 */
export default function Advertising() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const me = useMe();
  const visible = usePageVisible();
  const allowed = me.data?.roles.some((r) => ADVERTISERS.includes(r)) ?? false;
  const campaigns = useQuery({
    queryKey: ['chat-ad-campaigns'],
    enabled: allowed,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/chat/ads/campaigns');
      if (error) throw error;
      return data.items;
    },
  });
  const stats = useQuery({
    queryKey: ['chat-ad-stats'],
    enabled: allowed,
    refetchInterval: visible ? POLL_MS : false,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/analytics/chat/ads', { params: { query: { period: 'all' } } });
      if (error) throw error;
      return new Map<string, Stats>(data.rows.map((r) => [r.key, r]));
    },
  });
  if (!signedIn) return <SignInToChat />;
  if (me.data && !allowed)
    return (
      <Alert color="blue" data-testid="not-advertiser">
        {t('chat.ads.advertisersOnly')}
      </Alert>
    );
  return (
    <Stack maw={960} mx="auto" data-testid="advertising">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('chat.ads.title')}
        </Title>
        <Anchor component={Link} to="/chat">
          {t('chat.conversation.back')}
        </Anchor>
      </Group>
      <CampaignForm onCreated={() => void campaigns.refetch()} />
      <Title order={2} size="h4">
        {t('chat.ads.campaigns')}
      </Title>
      {campaigns.isError && <Text c="red">{t('errors.generic')}</Text>}
      {campaigns.data?.length === 0 && <Text>{t('chat.ads.none')}</Text>}
      {campaigns.data && campaigns.data.length > 0 && (
        <CampaignTable campaigns={campaigns.data} stats={stats.data} onPaused={() => void campaigns.refetch()} />
      )}
    </Stack>
  );
}

function CampaignTable(props: { campaigns: Campaign[]; stats: Map<string, Stats> | undefined; onPaused: () => void }) {
  const { t } = useTranslation();
  const pause = async (id: string) => {
    await api.POST('/api/chat/ads/campaigns/{id}/pause', { params: { path: { id } } });
    props.onPaused();
  };
  return (
    <WideTable label={t('chat.ads.campaigns')} minWidth={760}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('chat.ads.campaign')}</Table.Th>
          <Table.Th>{t('chat.ads.status')}</Table.Th>
          <Table.Th ta="right">{t('chat.ads.budget')}</Table.Th>
          <Table.Th ta="right">{t('chat.ads.impressions')}</Table.Th>
          <Table.Th ta="right">{t('chat.ads.clicks')}</Table.Th>
          <Table.Th ta="right">{t('chat.ads.ctr')}</Table.Th>
          <Table.Th ta="right">{t('chat.ads.spend')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.campaigns.map((c) => {
          const s = props.stats?.get(c.id);
          return (
            <Table.Tr key={c.id} data-campaign={c.id}>
              <Table.Td>
                <Text fw={600}>{c.creative.title}</Text>
                <Text size="xs" c="dimmed">
                  {c.placements.length > 0
                    ? c.placements.map((p) => t(`chat.ads.placements.${p}`, { defaultValue: p })).join(', ')
                    : t('chat.ads.anywhere')}{' '}
                  · {t(`chat.ads.pricing.${c.pricing}`, { price: money(c.priceCents) })} ·{' '}
                  {t('chat.ads.capShort', { count: c.frequencyCap })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="outline" color="dark" data-testid="campaign-status" data-status={c.status}>
                  {c.exhausted ? t('chat.ads.exhausted') : t(`chat.ads.statuses.${c.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{money(c.budgetCents)}</Table.Td>
              <Table.Td ta="right" data-testid="impressions">
                {s?.impressions ?? 0}
              </Table.Td>
              <Table.Td ta="right" data-testid="clicks">
                {s?.clicks ?? 0}
              </Table.Td>
              <Table.Td ta="right" data-testid="ctr">
                {percent(s?.ctr ?? 0)}
              </Table.Td>
              <Table.Td ta="right" data-testid="spend">
                {money(s?.spendCents ?? 0)}
              </Table.Td>
              <Table.Td>
                {c.status === 'active' && (
                  <Button size="compact-xs" variant="subtle" onClick={() => void pause(c.id)}>
                    {t('chat.ads.pause')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </WideTable>
  );
}

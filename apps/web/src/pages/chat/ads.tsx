import { Anchor, Badge, Card, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { useSignedIn } from '../../api/me';

/** Where the chat pages show an ad: the conversation list, and the channels page (decision 0102). */
export type Placement = 'chat-list' | 'channel-feed';

/**
 * An ad for the signed-in user at `placement` (`GET /api/chat/ads/next`), nothing when none fits
 * (204) or the request fails. One `requestId` per mount: a refetch or a retry answers the same
 * impression, a new visit is a new one. Following the ad records its click (`POST
 * /api/chat/ads/{id}/click` with the impression's token) while the link opens in a new tab.
 */
export function AdSlot({ placement }: { placement: Placement }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [requestId] = useState(newIdempotencyKey);
  const ad = useQuery({
    queryKey: ['chat-ad', placement, requestId],
    enabled: signedIn,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/chat/ads/next', {
        params: { query: { placement, requestId } },
      });
      if (response.status === 204) return null;
      if (error) throw error;
      return data ?? null;
    },
  });
  const shown = ad.data;
  if (!shown) return null;
  const click = () => {
    void api
      .POST('/api/chat/ads/{id}/click', { params: { path: { id: shown.id } }, body: { token: shown.token } })
      .catch(() => undefined);
  };
  return (
    <Card withBorder component="aside" aria-label={t('chat.ads.sponsored')} data-testid="ad" data-ad={shown.id}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor
          href={shown.targetUrl}
          target="_blank"
          rel="noopener noreferrer sponsored"
          fw={600}
          onClick={click}
          onAuxClick={click}
        >
          {shown.title}
        </Anchor>
        <Badge variant="outline" color="dark">
          {t('chat.ads.sponsored')}
        </Badge>
      </Group>
      <Text size="sm">{shown.text}</Text>
    </Card>
  );
}

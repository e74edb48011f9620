import { Alert, Anchor, Group, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { dateTime } from '../../format';
import { signInPath } from '../access/return-to';
import { DetailPage, ItemPending } from '../DetailPage';
import { CancelPurchase, PricedItems, type Purchase, Refund, StatusBadge, Tickets } from './purchase';
import { usePurchaseStream } from './purchase-stream';

/**
 * One purchase, live: its status (WAITLISTED → PENDING → COMPLETED, or CANCELLED/EXPIRED), its
 * place in the waitlist with the estimated wait, its lines and total, its tickets with QR
 * codes once issued, and cancelling it. Changes arrive by the purchase's SSE stream.
 */
export default function PurchasePage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const here = useLocation();
  const signedIn = useSignedIn();
  const queries = useQueryClient();
  const purchase = useQuery({
    queryKey: ['purchase', id],
    enabled: isUuid(id) && signedIn,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/musicfest/purchases/{id}', { params: { path: { id } } });
      if (response.status === 404 || response.status === 403) return null;
      if (error) throw error;
      return data;
    },
  });
  const update = useCallback(
    (view: Purchase) => {
      queries.setQueryData(['purchase', view.id], view);
      void queries.invalidateQueries({ queryKey: ['my-purchases'] });
    },
    [queries],
  );
  usePurchaseStream(id, isUuid(id) && signedIn && purchase.isSuccess, update);
  if (!signedIn) return <Navigate to={signInPath(here.pathname)} replace />;
  const p = purchase.data;
  if (!isUuid(id) || !p) return <ItemPending valid={isUuid(id)} query={purchase} />;
  return (
    <DetailPage
      back="/musicfest/tickets"
      backLabel={t('festival.myTickets')}
      title={`${t('festival.purchase')}: ${p.eventName}`}
    >
      <Group gap="xs" aria-live="polite">
        <Text>{t('festival.status')}:</Text>
        <StatusBadge status={p.status} />
        {p.statusReason && <Text size="sm">({p.statusReason})</Text>}
      </Group>
      <Text size="sm" c="dimmed">
        <Anchor component={Link} to={`/musicfest/events/${p.eventId}`} underline="always">
          {t('festival.event')}
        </Anchor>{' '}
        · {t('festival.bought', { date: dateTime(p.createdAt) })} · {t('festival.live')}
      </Text>
      {p.status === 'WAITLISTED' && (
        <Alert color="yellow" aria-live="polite">
          <Text fw={700} data-testid="waitlist-position">
            {t('festival.position', { position: p.position })}
          </Text>
          {p.estimatedWaitSeconds !== undefined && (
            <Text data-testid="waitlist-estimate">
              {t('festival.estimate', { minutes: Math.max(1, Math.ceil(p.estimatedWaitSeconds / 60)) })}
            </Text>
          )}
        </Alert>
      )}
      {p.status === 'PENDING' && p.reservedUntil && (
        <Text>{t('festival.reservedUntil', { time: dateTime(p.reservedUntil) })}</Text>
      )}
      <PricedItems basket={p} />
      <Refund purchase={p} />
      {p.tickets.length > 0 && (
        <Title order={2} size="h3">
          {t('festival.tickets')}
        </Title>
      )}
      <Tickets purchase={p} />
      <CancelPurchase purchase={p} onDone={update} />
    </DetailPage>
  );
}

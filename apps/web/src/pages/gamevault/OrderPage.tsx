import { Alert, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { dateTime, money } from '../../format';
import { DetailPage, ItemPending } from '../DetailPage';
import { WideTable } from '../WideTable';
import { OrderPayment } from './OrderPayment';
import { type Order, OrderStatusBadge, SignInFirst, settling, TotalsTable, useGameVault } from './parts';

const POLL_MS = 1_000;
const FULFILMENT_POLL_MS = 10_000;

/**
 * When to ask for the order again: every second while its payment is being decided; every ten
 * while a paid order still waits for what logistics brings (a digital line's key, a physical
 * line's shipment until delivered) and for its own status to say so; never once it is final.
 */
function nextPoll(o: Order | null | undefined): number | false {
  if (!o || o.status === 'CANCELLED') return false;
  if (settling(o.status)) return POLL_MS;
  const physical = o.items.some((l) => l.format === 'physical');
  const keysDue = o.items.some((l) => l.format === 'digital' && !o.keys.some((k) => k.productId === l.productId));
  // Logistics' keys and shipment are read live; the order's own status follows them by an event, a
  // moment later. So the page asks until that status is final too (before, a delivered shipment of
  // an order still SHIPPED stopped the polling, and the page could show SHIPPED for good).
  const final = o.status === (physical ? 'DELIVERED' : 'FULFILLED');
  return keysDue || !final ? FULFILMENT_POLL_MS : false;
}

/**
 * An order's page: its status followed live (polled, see nextPoll), its history, items and totals, the payment (refunds, receipt; an admin's refund form), and the digital keys and the
 * shipment when the order has them.
 */
export default function OrderPage() {
  const { t } = useTranslation();
  useGameVault();
  const id = useParams().id ?? '';
  const signedIn = useSignedIn();
  const order = useQuery({
    queryKey: ['gamevault-order', id],
    enabled: isUuid(id) && signedIn,
    refetchInterval: (query) => nextPoll(query.state.data),
    queryFn: async (): Promise<Order | null> => {
      const { data, error, response } = await api.GET('/api/gamevault/orders/{id}', { params: { path: { id } } });
      if (response.status === 404 || response.status === 403) return null;
      if (error) throw error;
      return data;
    },
  });
  if (!signedIn && isUuid(id)) return <SignInFirst message={t('gamevault.order.signInFirst')} />;
  const o = order.data;
  if (!o) return <ItemPending valid={isUuid(id)} query={order} />;
  return (
    <DetailPage
      back="/gamevault/orders"
      backLabel={t('gamevault.order.mine')}
      title={t('gamevault.order.placed', { date: dateTime(o.createdAt) })}
      maw={880}
    >
      <Group role="status" aria-live="polite">
        <OrderStatusBadge status={o.status} />
        {settling(o.status) && <Text size="sm">{t('gamevault.order.waiting')}</Text>}
        {o.status === 'CANCELLED' && o.statusReason?.startsWith('payment declined') && (
          <Text size="sm">{t('gamevault.order.declined')}</Text>
        )}
      </Group>
      {/* Why it was cancelled; other statuses' notes are in the history. */}
      {o.status === 'CANCELLED' && o.statusReason && (
        <Alert color="gray" title={t('gamevault.order.reason')} data-testid="order-reason">
          {o.statusReason}
        </Alert>
      )}
      <Section title={t('gamevault.order.items')}>
        <WideTable label={t('gamevault.order.items')} minWidth={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('gamevault.cart.product')}</Table.Th>
              <Table.Th ta="right">{t('gamevault.cart.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('gamevault.cart.quantity')}</Table.Th>
              <Table.Th ta="right">{t('gamevault.cart.lineTotal')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.items.map((l) => (
              <Table.Tr key={l.productId}>
                <Table.Td>
                  {l.title}
                  <Text size="xs" c="dimmed">
                    {t(`gamevault.formats.${l.format}`)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{money(l.unitPriceCents)}</Table.Td>
                <Table.Td ta="right">{l.quantity}</Table.Td>
                <Table.Td ta="right">{money(l.lineTotalCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </WideTable>
        <TotalsTable totals={o.totals} />
      </Section>
      <Section title={t('gamevault.order.payment')}>
        <OrderPayment order={o} provider={providerName(o.paymentProvider, t)} />
      </Section>
      {o.keys.length > 0 && (
        <Section title={t('gamevault.order.keys')} testId="order-keys">
          <Table aria-label={t('gamevault.order.keys')}>
            <Table.Tbody>
              {o.keys.map((k) => (
                <Table.Tr key={`${k.productId}-${k.code}`}>
                  <Table.Th scope="row" fw={400}>
                    {o.items.find((l) => l.productId === k.productId)?.title ?? t('gamevault.order.key')}
                  </Table.Th>
                  <Table.Td ff="monospace">{k.code}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      )}
      {o.shipment && (
        <Section title={t('gamevault.order.shipment')} testId="order-shipment">
          <Table aria-label={t('gamevault.order.shipment')}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">{t('gamevault.order.carrier')}</Table.Th>
                <Table.Td>{o.shipment.carrier}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('gamevault.order.shipmentStatus')}</Table.Th>
                <Table.Td>
                  {t(`gamevault.order.shipmentStatuses.${o.shipment.status}`, { defaultValue: o.shipment.status })}
                </Table.Td>
              </Table.Tr>
              {o.shippingAddress && (
                <Table.Tr>
                  <Table.Th scope="row">{t('gamevault.order.address')}</Table.Th>
                  <Table.Td data-testid="order-address">
                    {o.shippingAddress.recipient} · {o.shippingAddress.line1}, {o.shippingAddress.district},{' '}
                    {o.shippingAddress.city} ({o.shippingAddress.region}) · {o.shippingAddress.phone}
                    {o.shippingAddress.reference && ` · ${o.shippingAddress.reference}`}
                  </Table.Td>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Th scope="row">{t('gamevault.order.tracking')}</Table.Th>
                <Table.Td>{o.shipment.trackingCode ?? t('gamevault.order.noTracking')}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Section>
      )}
      <Section title={t('gamevault.order.history')}>
        <Table aria-label={t('gamevault.order.history')} data-testid="order-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('gamevault.order.when')}</Table.Th>
              <Table.Th>{t('gamevault.order.state')}</Table.Th>
              <Table.Th>{t('gamevault.order.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.history.map((h) => (
              <Table.Tr key={`${h.status}-${h.at}`} data-status={h.status}>
                <Table.Td>{dateTime(h.at)}</Table.Td>
                <Table.Td>{t(`gamevault.order.status.${h.status}`)}</Table.Td>
                <Table.Td>{h.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </DetailPage>
  );
}

function Section({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <Stack component="section" gap="xs" aria-label={title} data-testid={testId}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** The provider's name as the checkout shows it (the API may name one this page does not know). */
function providerName(provider: string, t: (key: string) => string): string {
  return ['card', 'paypal', 'yape', 'plin'].includes(provider)
    ? t(`gamevault.checkout.providers.${provider}`)
    : provider;
}

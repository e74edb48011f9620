import { Alert, Badge, Button, Card, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { asProblem, problemMessage } from '../../api/problem';
import { money } from '../../format';
import { WideTable } from '../WideTable';

/** A purchase as the API shows it (GET /api/musicfest/purchases/{id}). */
export type Purchase = paths['/api/musicfest/purchases/{id}']['get']['responses'][200]['content']['application/json'];
/** A priced basket (POST /api/musicfest/purchases/summary). */
export type BasketSummary =
  paths['/api/musicfest/purchases/summary']['post']['responses'][200]['content']['application/json'];

const COLORS: Record<Purchase['status'], string> = {
  WAITLISTED: 'yellow',
  PENDING: 'blue',
  COMPLETED: 'green',
  CANCELLED: 'gray',
  EXPIRED: 'gray',
};

/** The status in words beside a coloured dot (the words keep their contrast; axe-core checks it). */
export function StatusBadge({ status }: { status: Purchase['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="dot" size="lg" data-testid="purchase-status" data-status={status}>
      {t(`festival.statuses.${status}`)}
    </Badge>
  );
}

/** A basket's or purchase's lines as the API priced them, with the total and its commission. */
export function PricedItems({
  basket,
}: {
  basket: Pick<BasketSummary, 'items' | 'total' | 'commission' | 'currency'>;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <WideTable label={t('festival.basket')} minWidth={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('event.type')}</Table.Th>
            <Table.Th>{t('festival.quantity')}</Table.Th>
            <Table.Th>{t('event.price')}</Table.Th>
            <Table.Th>{t('event.discount')}</Table.Th>
            <Table.Th>{t('event.finalPrice')}</Table.Th>
            <Table.Th>{t('festival.subtotal')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {basket.items.map((i) => (
            <Table.Tr key={i.ticketTypeId}>
              <Table.Td>{i.ticketTypeName}</Table.Td>
              <Table.Td>{i.quantity}</Table.Td>
              <Table.Td>{money(i.unitPrice, basket.currency)}</Table.Td>
              <Table.Td>{i.discountPercent}%</Table.Td>
              <Table.Td>{money(i.finalPrice, basket.currency)}</Table.Td>
              <Table.Td>{money(i.subtotal, basket.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </WideTable>
      <Text fw={700} data-testid="basket-total">
        {t('festival.total')}: {money(basket.total, basket.currency)}
      </Text>
      <Text size="sm" c="dimmed">
        {t('festival.commissionIncluded', { commission: money(basket.commission, basket.currency) })}
      </Text>
    </Stack>
  );
}

/** A purchase's tickets, each with its code as a QR code (drawn here, as SVG, from the code). */
export function Tickets({ purchase }: { purchase: Purchase }) {
  const { t } = useTranslation();
  if (purchase.tickets.length === 0) return null;
  const names = new Map(purchase.items.map((i) => [i.ticketTypeId, i.ticketTypeName]));
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
      {purchase.tickets.map((ticket) => (
        <Card key={ticket.code} withBorder component="figure" m={0} data-testid="ticket">
          <QRCodeSVG value={ticket.code} size={160} marginSize={2} title={t('festival.qr', { code: ticket.code })} />
          <Text component="figcaption" mt="xs">
            <b>{names.get(ticket.ticketTypeId)}</b> · <code>{ticket.code}</code> ·{' '}
            {t(`festival.ticketStatuses.${ticket.status}`)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** The refund of a cancelled purchase, when there is one. */
export function Refund({ purchase }: { purchase: Purchase }) {
  const { t } = useTranslation();
  if (purchase.refundStatus === 'NONE') return null;
  return (
    <Text data-testid="refund">
      {t('festival.refund', { amount: money(purchase.refunded, purchase.currency) })} (
      {t(`festival.refundStatuses.${purchase.refundStatus}`)})
    </Text>
  );
}

/**
 * Cancelling: leaving the waitlist, abandoning a pending purchase, or cancelling a completed
 * one (refunded before the purchase deadline). What the API answered is shown: the new
 * status and refund, or why it refused.
 */
export function CancelPurchase({ purchase, onDone }: { purchase: Purchase; onDone: (view: Purchase) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string }>();
  if (purchase.status === 'CANCELLED' || purchase.status === 'EXPIRED') {
    return answer ? <Answer {...answer} /> : null;
  }
  const cancel = async () => {
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/musicfest/purchases/{id}/cancel', {
        params: { path: { id: purchase.id } },
      });
      if (data) {
        const refund =
          data.refundStatus === 'NONE'
            ? ''
            : ` ${t('festival.refund', { amount: money(data.refunded, data.currency) })} (${t(`festival.refundStatuses.${data.refundStatus}`)})`;
        setAnswer({
          ok: true,
          text: t('festival.cancelled', { status: t(`festival.statuses.${data.status}`) }) + refund,
        });
        onDone(data);
      } else setAnswer({ ok: false, text: problemMessage(asProblem(error), t('errors.generic')) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="outline" color="red" loading={busy} onClick={() => void cancel()}>
        {purchase.status === 'WAITLISTED' ? t('festival.leave') : t('festival.cancel')}
      </Button>
      {answer && <Answer {...answer} />}
    </Stack>
  );
}

function Answer({ ok, text }: { ok: boolean; text: string }) {
  return (
    <Alert color={ok ? 'green' : 'red'} role={ok ? 'status' : 'alert'} data-testid="cancel-answer">
      {text}
    </Alert>
  );
}

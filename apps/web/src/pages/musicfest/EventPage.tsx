import { Badge, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { isUuid } from '../../api/validate';
import { dateTime, money } from '../../format';
import { DetailPage, ItemPending } from '../DetailPage';
import { WideTable } from '../WideTable';
import { Basket, QuantityInput, useBasket } from './Basket';

/**
 * An event with its ticket types (price, discount, what the buyer pays, commission, seats
 * left), a quantity per type and the basket's summary with the way to buy it.
 */
export default function EventPage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const basket = useBasket();
  const event = useQuery({
    queryKey: ['event', id],
    enabled: isUuid(id),
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/musicfest/events/{id}', { params: { path: { id } } });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
  const e = event.data;
  if (!isUuid(id) || !e) return <ItemPending valid={isUuid(id)} query={event} />;
  const onSale = e.status === 'PUBLISHED';
  return (
    <DetailPage
      back="/musicfest/events"
      backLabel={t('event.back')}
      title={
        <>
          {e.name} {e.status !== 'PUBLISHED' && <Badge color="gray">{e.status}</Badge>}
        </>
      }
    >
      <Text>{e.description}</Text>
      <Text>
        <b>{t('event.when')}:</b> {dateTime(e.startsAt)} · <b>{t('event.place')}:</b> {e.place} ·{' '}
        <b>{t('event.organizer')}:</b> {e.organizer}
      </Text>
      <Text size="sm" c="dimmed">
        {t('event.deadline')}: {dateTime(e.purchaseDeadline)}
      </Text>
      <Title order={2} size="h3">
        {t('event.ticketTypes')}
      </Title>
      <WideTable label={t('event.ticketTypes')} minWidth={onSale ? 680 : 560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('event.type')}</Table.Th>
            <Table.Th>{t('event.price')}</Table.Th>
            <Table.Th>{t('event.discount')}</Table.Th>
            <Table.Th>{t('event.finalPrice')}</Table.Th>
            <Table.Th>{t('event.commission')}</Table.Th>
            <Table.Th>{t('event.seatsLeft')}</Table.Th>
            {onSale && <Table.Th>{t('festival.quantity')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {e.ticketTypes.map((tt) => (
            <Table.Tr key={tt.id}>
              <Table.Td>{tt.name}</Table.Td>
              <Table.Td>{money(tt.price, e.currency)}</Table.Td>
              <Table.Td>{tt.discountPercent}%</Table.Td>
              <Table.Td>{money(tt.finalPrice, e.currency)}</Table.Td>
              <Table.Td>{money(tt.commission, e.currency)}</Table.Td>
              <Table.Td>{tt.seatsLeft}</Table.Td>
              {onSale && (
                <Table.Td>
                  <QuantityInput name={tt.name} value={basket.quantity(tt.id)} onChange={(n) => basket.set(tt.id, n)} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </WideTable>
      {onSale && <Basket eventId={e.id} items={basket.items} />}
    </DetailPage>
  );
}

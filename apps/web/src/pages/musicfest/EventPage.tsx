import { Badge, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isUuid } from '../../api/validate';
import { dateTime } from '../../format';
import { DetailPage, ItemPending } from '../DetailPage';
import { Basket, QuantityInput, useBasket } from './Basket';
import { TicketTypesTable, useFestivalEvent } from './TicketTypesTable';

/**
 * An event with its ticket types (price, discount, what the buyer pays, commission, seats
 * left), a quantity per type and the basket's summary with the way to buy it.
 */
export default function EventPage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const basket = useBasket();
  const event = useFestivalEvent(id);
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
      <TicketTypesTable
        event={e}
        label={t('event.ticketTypes')}
        minWidth={onSale ? 680 : 560}
        extra={
          onSale
            ? [
                {
                  header: t('festival.quantity'),
                  cell: (tt) => (
                    <QuantityInput
                      name={tt.name}
                      value={basket.quantity(tt.id)}
                      onChange={(n) => basket.set(tt.id, n)}
                    />
                  ),
                },
              ]
            : []
        }
      />
      {onSale && <Basket eventId={e.id} items={basket.items} />}
    </DetailPage>
  );
}

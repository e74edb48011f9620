import { Button, Card, List, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { isUuid } from '../../api/validate';
import { calendarDate, clock, dateTime, money, weekday, zoneName } from '../../format';
import { DetailPage, ItemPending } from '../DetailPage';
import { Pager } from '../Pager';
import { WideTable } from '../WideTable';
import { useSalon } from './booking-parts';

const REVIEWS_PER_PAGE = 10;
// Monday first; the API counts 0 = Sunday.
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** The salon's active promotions (public). */
function Promotions({ salonId, serviceName }: { salonId: string; serviceName: (id: string) => string }) {
  const { t } = useTranslation();
  const promotions = useQuery({
    queryKey: ['salon-promotions', salonId],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/promotions', {
        params: { query: { salonId, active: 'true', pageSize: 100 } },
      });
      if (error) throw error;
      return data.items;
    },
  });
  if (!promotions.data?.length) return null;
  return (
    <>
      <Title order={2} size="h3">
        {t('salon.promotions')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {promotions.data.map((p) => (
          <Card key={p.id} withBorder component="article">
            <Text fw={600}>
              {p.name} · {t('salon.promotion', { percent: p.discountPercent })}
            </Text>
            {p.description && <Text size="sm">{p.description}</Text>}
            <Text size="sm">{p.serviceIds.map(serviceName).join(', ')}</Text>
            <Text size="sm" c="dimmed">
              {t('salon.promotionWhen', {
                from: calendarDate(p.validFrom),
                to: calendarDate(p.validTo),
                days: WEEK.filter((d) => p.weekdays.includes(d))
                  .map((d) => weekday(d, 'short'))
                  .join(', '),
                start: clock(p.startTime),
                end: clock(p.endTime),
              })}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}

/** The salon's reviews, newest first as the API gives them, by pages. */
function Reviews({ salonId, serviceName }: { salonId: string; serviceName: (id: string) => string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const reviews = useQuery({
    queryKey: ['salon-reviews', salonId, page],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/salons/{id}/reviews', {
        params: { path: { id: salonId }, query: { page, pageSize: REVIEWS_PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  const pages = Math.max(1, Math.ceil((reviews.data?.total ?? 0) / REVIEWS_PER_PAGE));
  return (
    <>
      <Title order={2} size="h3">
        {t('salon.reviews')}
      </Title>
      {reviews.data?.items.length === 0 && <Text>{t('salon.noReviews')}</Text>}
      {reviews.data?.items.map((r) => (
        <Card key={r.id} withBorder component="article">
          <Text fw={600}>
            <span aria-hidden="true">{'★'.repeat(r.rating) + '☆'.repeat(5 - r.rating)}</span>{' '}
            {t('salon.stars', { rating: r.rating })}
          </Text>
          <Text size="sm" c="dimmed">
            {serviceName(r.serviceId)} · {dateTime(r.createdAt)}
          </Text>
          {r.text && <Text>{r.text}</Text>}
          {r.reply && (
            <Text size="sm" mt="xs" pl="md" style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}>
              <b>{t('salon.reply')}:</b> {r.reply.text}
            </Text>
          )}
        </Card>
      ))}
      <Pager page={page} pages={pages} go={setPage} />
    </>
  );
}

/**
 * A salon: its services with prices and durations, its stylists, its opening hours (local
 * to the salon's time zone, which the page names), its active promotions and its reviews.
 */
export default function SalonPage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const salon = useSalon(id, isUuid(id));
  const s = salon.data;
  if (!isUuid(id) || !s) return <ItemPending valid={isUuid(id)} query={salon} />;
  const services = new Map(s.services.map((sv) => [sv.id, sv.name]));
  const serviceName = (serviceId: string) => services.get(serviceId) ?? '';
  const hours = new Map(s.hours.map((h) => [h.weekday, h]));
  return (
    <DetailPage back="/instudio/salons" backLabel={t('salon.back')} title={s.name}>
      {s.description && <Text>{s.description}</Text>}
      <Button component={Link} to={`/instudio/salons/${s.id}/book`} w="fit-content">
        {t('booking.book')}
      </Button>
      <Text>
        <b>{t('salon.address')}:</b> {s.address}, {s.district} · <b>{t('salon.phone')}:</b> {s.phone}
      </Text>
      <Text size="sm">
        {s.ratingCount > 0
          ? t('salons.rating', { rating: s.ratingAvg.toFixed(1), count: s.ratingCount })
          : t('salons.unrated')}
      </Text>
      <Title order={2} size="h3">
        {t('salon.services')}
      </Title>
      <WideTable label={t('salon.services')} minWidth={480}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('salon.service')}</Table.Th>
            <Table.Th>{t('salon.category')}</Table.Th>
            <Table.Th>{t('salon.duration')}</Table.Th>
            <Table.Th>{t('salon.price')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.services.map((sv) => (
            <Table.Tr key={sv.id}>
              <Table.Td>{sv.name}</Table.Td>
              <Table.Td>{t(`categories.${sv.subcategory}`)}</Table.Td>
              <Table.Td>{t('salon.minutes', { count: sv.durationMinutes })}</Table.Td>
              <Table.Td>{money(sv.priceCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </WideTable>
      <Promotions salonId={s.id} serviceName={serviceName} />
      <Title order={2} size="h3">
        {t('salon.stylists')}
      </Title>
      <List>
        {s.stylists.map((st) => (
          <List.Item key={st.id}>
            <b>{st.name}</b>: {st.serviceIds.map(serviceName).join(', ')}
          </List.Item>
        ))}
      </List>
      <Title order={2} size="h3">
        {t('salon.hours')}
      </Title>
      <Text size="sm" c="dimmed" data-testid="salon-timezone">
        {t('salon.timezone', { zone: zoneName(s.timezone), id: s.timezone })}
      </Text>
      <Table maw={360} aria-label={t('salon.hours')}>
        <Table.Tbody>
          {WEEK.map((d) => {
            const h = hours.get(d);
            return (
              <Table.Tr key={d}>
                <Table.Th scope="row">{weekday(d)}</Table.Th>
                <Table.Td>{h ? `${clock(h.opens)} – ${clock(h.closes)}` : t('salon.closed')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Reviews salonId={s.id} serviceName={serviceName} />
    </DetailPage>
  );
}

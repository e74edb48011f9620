import { Alert, Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { money } from '../../format';
import { Pager } from '../Pager';
import { useUrlFilters } from '../url-filters';
import {
  type Booking,
  bookingNames,
  CancelBooking,
  ReviewBooking,
  StatusBadge,
  salonTime,
  useSalon,
} from './booking-parts';

const PER_PAGE = 10;

/** One booking of the list: what, where, when (on the salon's clock), its status and what can be done. */
function BookingCard({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  const salon = useSalon(booking.salonId);
  const names = bookingNames(booking, salon.data);
  const timeZone = salon.data?.timezone ?? 'America/Lima';
  return (
    <Card withBorder component="article" data-booking={booking.id}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Anchor component={Link} to={`/instudio/bookings/${booking.id}`} fw={600}>
            {names.service || t('booking.open')} · {names.salon}
          </Anchor>
          <StatusBadge status={booking.status} />
        </Group>
        <Text size="sm">
          {salonTime(booking.start, timeZone)} · {names.stylist} · {money(booking.price, booking.currency)}
          {booking.refundStatus !== 'NONE' && ` · ${t(`booking.refund.${booking.refundStatus}`)}`}
        </Text>
        <CancelBooking booking={booking} timeZone={timeZone} />
        <ReviewBooking booking={booking} />
      </Stack>
    </Card>
  );
}

/** The signed-in client's bookings, latest start first (as the API lists them), by pages. */
export default function MyBookings() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const { page, update } = useUrlFilters([] as const);
  const bookings = useQuery({
    queryKey: ['my-bookings', page],
    enabled: signedIn,
    placeholderData: keepPreviousData,
    // A booking still HELD settles soon: ask again until none is.
    refetchInterval: (query) => (query.state.data?.items.some((b) => b.status === 'HELD') ? 2_000 : false),
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/bookings', {
        params: { query: { page, pageSize: PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  const pages = Math.max(1, Math.ceil((bookings.data?.total ?? 0) / PER_PAGE));
  return (
    <Stack maw={720} mx="auto">
      <Title order={1} size="h2">
        {t('booking.mine')}
      </Title>
      {!signedIn && (
        <Alert color="blue">
          <Anchor component={Link} to={`/sign-in?next=${encodeURIComponent('/instudio/bookings')}`}>
            {t('booking.signInFirst')}
          </Anchor>
        </Alert>
      )}
      {bookings.isError && <Text c="red">{t('errors.generic')}</Text>}
      {bookings.data?.items.length === 0 && <Text>{t('booking.none')}</Text>}
      {bookings.data?.items.map((b) => (
        <BookingCard key={b.id} booking={b} />
      ))}
      <Pager page={page} pages={pages} go={(p) => update({ page: String(p) })} />
    </Stack>
  );
}

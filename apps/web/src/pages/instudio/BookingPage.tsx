import { Alert, Anchor, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { money } from '../../format';
import { DetailPage, ItemPending } from '../DetailPage';
import NotFound from '../NotFound';
import {
  type Booking,
  bookingNames,
  CancelBooking,
  ReviewBooking,
  StatusBadge,
  salonTime,
  useSalon,
} from './booking-parts';

const POLL_MS = 1_000;

/** The booking's page: its status followed live (polled while HELD), its details, cancel and review. */
export default function BookingPage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const signedIn = useSignedIn();
  const booking = useQuery({
    queryKey: ['booking', id],
    enabled: isUuid(id) && signedIn,
    // HELD waits for the saga (payment, then confirmation); a final status stops asking.
    refetchInterval: (query) => (query.state.data?.status === 'HELD' ? POLL_MS : false),
    queryFn: async (): Promise<Booking | null> => {
      const { data, error, response } = await api.GET('/api/instudio/bookings/{id}', { params: { path: { id } } });
      if (response.status === 404 || response.status === 403) return null;
      if (error) throw error;
      return data;
    },
  });
  const b = booking.data;
  const salon = useSalon(b?.salonId, b !== undefined && b !== null);
  if (!isUuid(id) || b === null) return <NotFound />;
  if (!signedIn) {
    return (
      <Alert color="blue" maw={720} mx="auto">
        <Anchor component={Link} to={`/sign-in?next=${encodeURIComponent(`/instudio/bookings/${id}`)}`}>
          {t('booking.signInFirst')}
        </Anchor>
      </Alert>
    );
  }
  if (!b) return <ItemPending valid query={booking} />;
  const names = bookingNames(b, salon.data);
  const timeZone = salon.data?.timezone ?? 'America/Lima';
  return (
    <DetailPage back="/instudio/bookings" backLabel={t('booking.mine')} title={t('booking.booking')} maw={720}>
      <Group role="status" aria-live="polite">
        <StatusBadge status={b.status} />
        {b.status === 'HELD' && b.holdExpiresAt && (
          <Text size="sm">{t('booking.holding', { time: salonTime(b.holdExpiresAt, timeZone, 'time') })}</Text>
        )}
        {b.refundStatus !== 'NONE' && <Text size="sm">{t(`booking.refund.${b.refundStatus}`)}</Text>}
      </Group>
      <Table aria-label={t('booking.booking')}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('booking.service')}</Table.Th>
            <Table.Td>
              {names.service} ·{' '}
              <Anchor component={Link} to={`/instudio/salons/${b.salonId}`}>
                {names.salon}
              </Anchor>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('booking.with')}</Table.Th>
            <Table.Td>{names.stylist}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('booking.when')}</Table.Th>
            <Table.Td data-testid="booking-when">{salonTime(b.start, timeZone)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('booking.price')}</Table.Th>
            <Table.Td>{money(b.price, b.currency)}</Table.Td>
          </Table.Tr>
          {b.statusReason && (
            <Table.Tr>
              <Table.Th scope="row">{t('booking.reason')}</Table.Th>
              <Table.Td data-testid="booking-reason">{b.statusReason}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <CancelBooking booking={b} timeZone={timeZone} />
      <ReviewBooking booking={b} />
    </DetailPage>
  );
}

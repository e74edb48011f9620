import { Alert, Badge, Button, Group, NativeSelect, Stack, Textarea } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { dateTime, money } from '../../format';
import i18n from '../../i18n';
import { useSubmit } from '../Form';

export type Booking = paths['/api/instudio/bookings/{id}']['get']['responses']['200']['content']['application/json'];
export type Salon = paths['/api/instudio/salons/{id}']['get']['responses']['200']['content']['application/json'];
export type BookingStatus = Booking['status'];

/** A salon's public page data (shared with the salon page's cache); null when there is none. */
export function useSalon(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['salon', id],
    enabled: enabled && id !== undefined,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/instudio/salons/{id}', {
        params: { path: { id: id ?? '' } },
      });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
}

/** An instant as the salon's clock shows it (a booking happens in the salon's zone, not the viewer's). */
export function salonTime(iso: string, timeZone: string, only?: 'time'): string {
  try {
    return new Intl.DateTimeFormat(i18n.language, {
      ...(only === 'time' ? { timeStyle: 'short' } : { dateStyle: 'full', timeStyle: 'short' }),
      timeZone,
    }).format(new Date(iso));
  } catch {
    return dateTime(iso);
  }
}

/** What the booking is: the service, the stylist and the salon's names from the salon's page. */
export function bookingNames(b: Booking, salon: Salon | null | undefined) {
  return {
    salon: salon?.name ?? '',
    service: salon?.services.find((s) => s.id === b.serviceId)?.name ?? '',
    stylist: salon?.stylists.find((s) => s.id === b.stylistId)?.name ?? '',
  };
}

export function StatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color="dark" size="lg" data-testid="booking-status" data-status={status}>
      {t(`booking.status.${status}`)}
    </Badge>
  );
}

/**
 * Cancelling a confirmed booking: first what the policy says (refunded in full before the
 * booking's `refundableUntil`, as the API gives it, else nothing), then the API's answer.
 */
export function CancelBooking({ booking, timeZone }: { booking: Booking; timeZone: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [refunded, setRefunded] = useState<boolean>();
  const { errors, busy, run } = useSubmit();
  if (refunded !== undefined) {
    return (
      <Alert color={refunded ? 'green' : 'gray'} role="status" data-testid="cancel-result">
        {t(refunded ? 'booking.cancelledRefund' : 'booking.cancelledNoRefund')}
      </Alert>
    );
  }
  if (booking.status !== 'CONFIRMED') return null;
  if (!asking) {
    return (
      <Button variant="default" w="fit-content" onClick={() => setAsking(true)}>
        {t('booking.cancel')}
      </Button>
    );
  }
  const until = salonTime(booking.refundableUntil, timeZone);
  const refunds = Date.now() < Date.parse(booking.refundableUntil);
  const confirm = async () => {
    const answer = await run({}, () =>
      api.POST('/api/instudio/bookings/{id}/cancel', { params: { path: { id: booking.id } } }),
    );
    if (!answer?.data) return;
    setRefunded(answer.data.refund);
    void queries.invalidateQueries({ queryKey: ['booking', booking.id] });
    void queries.invalidateQueries({ queryKey: ['my-bookings'] });
  };
  return (
    <Stack gap="xs">
      <Alert color={refunds ? 'blue' : 'orange'} data-testid="refund-note">
        {refunds
          ? t('booking.willRefund', { price: money(booking.price, booking.currency), until })
          : t('booking.noRefund', { until })}
      </Alert>
      {errors.summary && (
        <Alert color="red" role="alert" data-testid="form-error">
          {errors.summary}
        </Alert>
      )}
      <Group>
        <Button color="red" loading={busy} onClick={() => void confirm()}>
          {t('booking.confirmCancel')}
        </Button>
        <Button variant="default" onClick={() => setAsking(false)}>
          {t('booking.keep')}
        </Button>
      </Group>
    </Stack>
  );
}

/** A completed booking's review (one per booking; the API's refusal of a second shows as it says). */
export function ReviewBooking({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [form, setForm] = useState({ rating: '5', text: '' });
  const [done, setDone] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  if (booking.status !== 'COMPLETED') return null;
  if (done) {
    return (
      <Alert color="green" role="status">
        {t('booking.reviewed')}
      </Alert>
    );
  }
  const send = async () => {
    const answer = await run({}, () =>
      api.POST('/api/instudio/bookings/{id}/review', {
        params: { path: { id: booking.id } },
        body: { rating: Number(form.rating), text: form.text.trim() },
      }),
    );
    if (!answer?.data) return;
    setDone(true);
    void queries.invalidateQueries({ queryKey: ['salon-reviews', booking.salonId] });
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      noValidate
    >
      <Stack gap="xs" maw={440}>
        {errors.summary && (
          <Alert color="red" role="alert" data-testid="form-error">
            {errors.summary}
          </Alert>
        )}
        <NativeSelect
          label={`${t('booking.review')}: ${t('booking.rating')}`}
          name="rating"
          value={form.rating}
          error={error('rating')}
          onChange={(e) => setForm({ ...form, rating: e.currentTarget.value })}
          data={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t('booking.stars', { count: n }) }))}
        />
        <Textarea
          label={t('booking.text')}
          name="text"
          maxLength={2000}
          autosize
          minRows={2}
          value={form.text}
          error={error('text')}
          onChange={(e) => setForm({ ...form, text: e.currentTarget.value })}
        />
        <Button type="submit" loading={busy} w="fit-content">
          {t('booking.send')}
        </Button>
      </Stack>
    </form>
  );
}

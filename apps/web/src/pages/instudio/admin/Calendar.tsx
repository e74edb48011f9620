import { Alert, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../../api/client';
import { asProblem, problemMessage } from '../../../api/problem';
import { money } from '../../../format';
import i18n from '../../../i18n';
import { type Booking, bookingNames, StatusBadge, salonTime } from '../booking-parts';
import { type Salon, SalonFrame, ZoneNote } from './admin-parts';

const DAY_MS = 86_400_000;
const PAGE_SIZE = 100;
/** At most this many pages of a week are fetched; more is said, not shown. */
const MAX_PAGES = 5;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
type View = 'day' | 'week';

/** A calendar date on the salon's clock (YYYY-MM-DD) of an instant. */
function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(at));
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - (at - (at % 1000));
}

/** The instant a calendar date starts in the zone (its midnight, or the first minute after a DST gap). */
function startOf(date: string, timeZone: string): number {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(guess, timeZone);
}

/** A calendar date moved by whole days (no zone involved). */
function addDays(date: string, days: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The dates a view shows: the day, or its week from Monday. */
function datesOf(view: View, date: string): string[] {
  if (view === 'day') return [date];
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const monday = addDays(date, -((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7));
  return [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i));
}

function dayTitle(date: string): string {
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Marking a confirmed booking completed or a no-show; the API's refusal (not started yet) shows as it says. */
function Outcome({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  if (booking.status !== 'CONFIRMED') return null;
  const mark = async (outcome: 'complete' | 'no-show') => {
    setBusy(true);
    const params = { params: { path: { id: booking.id } } };
    const { error } = await (outcome === 'complete'
      ? api.POST('/api/instudio/bookings/{id}/complete', params)
      : api.POST('/api/instudio/bookings/{id}/no-show', params));
    setBusy(false);
    setProblem(error ? problemMessage(asProblem(error), t('errors.generic')) : undefined);
    await queries.invalidateQueries({ queryKey: ['salon-bookings', booking.salonId] });
  };
  return (
    <>
      {problem && (
        <Alert color="red" role="alert" data-testid="form-error">
          {problem}
        </Alert>
      )}
      <Group gap="xs">
        <Button size="xs" loading={busy} onClick={() => void mark('complete')}>
          {t('salonAdmin.calendar.complete')}
        </Button>
        <Button size="xs" variant="default" loading={busy} onClick={() => void mark('no-show')}>
          {t('salonAdmin.calendar.noShow')}
        </Button>
      </Group>
    </>
  );
}

function BookingCard({ booking, salon }: { booking: Booking; salon: Salon }) {
  const { t } = useTranslation();
  const names = bookingNames(booking, salon);
  const tz = salon.timezone;
  return (
    <Card withBorder p="xs" component="article" data-booking={booking.id}>
      <Stack gap={4}>
        <Text fw={600} size="sm">
          {salonTime(booking.start, tz, 'time')}–{salonTime(booking.end, tz, 'time')} · {names.service}
        </Text>
        <Text size="sm">
          {names.stylist} · {t('salonAdmin.calendar.client', { id: booking.userId.slice(0, 8) })} ·{' '}
          {money(booking.price, booking.currency)}
        </Text>
        <StatusBadge status={booking.status} />
        <Outcome booking={booking} />
      </Stack>
    </Card>
  );
}

function CalendarSection({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const tz = salon.timezone;
  const [search, setSearch] = useSearchParams();
  const view: View = search.get('view') === 'week' ? 'week' : 'day';
  const given = search.get('date') ?? '';
  const date = DATE.test(given) ? given : localDate(Date.now(), tz);
  const dates = datesOf(view, date);
  const first = dates[0] ?? date;
  const last = dates[dates.length - 1] ?? date;
  const from = new Date(startOf(first, tz)).toISOString();
  const to = new Date(startOf(addDays(last, 1), tz)).toISOString();
  const go = (change: { view?: View; date?: string }) =>
    setSearch({ view: change.view ?? view, date: change.date ?? date }, { replace: true });
  const bookings = useQuery({
    queryKey: ['salon-bookings', salon.id, from, to],
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
    queryFn: async () => {
      const items: Booking[] = [];
      let total = 0;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { data, error } = await api.GET('/api/instudio/salons/{id}/bookings', {
          params: { path: { id: salon.id }, query: { from, to, page, pageSize: PAGE_SIZE } },
        });
        if (error) throw error;
        items.push(...data.items);
        total = data.total;
        if (items.length >= total || data.items.length === 0) break;
      }
      return { items, total };
    },
  });
  const byDay = new Map<string, Booking[]>();
  for (const b of bookings.data?.items ?? []) {
    const day = localDate(Date.parse(b.start), tz);
    byDay.set(day, [...(byDay.get(day) ?? []), b]);
  }
  const step = view === 'day' ? 1 : 7;
  return (
    <>
      <ZoneNote timeZone={tz} text="calendar.zone" />
      <Group align="end">
        <SegmentedControl
          aria-label={t('salonAdmin.calendar.view')}
          value={view}
          onChange={(v) => go({ view: v as View })}
          data={[
            { value: 'day', label: t('salonAdmin.calendar.day') },
            { value: 'week', label: t('salonAdmin.calendar.week') },
          ]}
        />
        <TextInput
          type="date"
          label={t('salonAdmin.calendar.date')}
          name="date"
          value={date}
          onChange={(e) => DATE.test(e.currentTarget.value) && go({ date: e.currentTarget.value })}
        />
        <Button variant="default" onClick={() => go({ date: addDays(date, -step) })}>
          {t('salonAdmin.calendar.previous')}
        </Button>
        <Button variant="default" onClick={() => go({ date: localDate(Date.now(), tz) })}>
          {t('salonAdmin.calendar.today')}
        </Button>
        <Button variant="default" onClick={() => go({ date: addDays(date, step) })}>
          {t('salonAdmin.calendar.next')}
        </Button>
      </Group>
      {bookings.isError && <Text c="red">{t('errors.generic')}</Text>}
      {bookings.data && bookings.data.items.length < bookings.data.total && (
        <Alert color="orange">
          {t('salonAdmin.calendar.more', { shown: bookings.data.items.length, total: bookings.data.total })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: view === 'day' ? 1 : 2, lg: view === 'day' ? 1 : 4 }}>
        {dates.map((d) => (
          <section key={d} aria-label={dayTitle(d)} data-day={d}>
            <Stack gap="xs">
              <Title order={2} size="h4">
                {dayTitle(d)}
              </Title>
              {bookings.isPending && <Text size="sm">{t('loading')}</Text>}
              {bookings.data && !byDay.get(d)?.length && (
                <Text size="sm" c="dimmed">
                  {t('salonAdmin.calendar.free')}
                </Text>
              )}
              {byDay.get(d)?.map((b) => (
                <BookingCard key={b.id} booking={b} salon={salon} />
              ))}
            </Stack>
          </section>
        ))}
      </SimpleGrid>
    </>
  );
}

export default function Calendar() {
  return <SalonFrame section="calendar">{(salon) => <CalendarSection salon={salon} />}</SalonFrame>;
}

import { Alert, Anchor, Button, Chip, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { money, zoneName } from '../../format';
import { PageForm, useSubmit } from '../Form';
import NotFound from '../NotFound';
import { useUrlFilters } from '../url-filters';
import { salonTime, useSalon } from './booking-parts';

const DAYS_AHEAD = 14;
const CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclined'] as const;
const ANY = 'any';

/** Today's date (YYYY-MM-DD) on the salon's clock, and the days after it. */
function salonDays(timeZone: string, count: number): string[] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 10);
  const base = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(base + i * 86_400_000).toISOString().slice(0, 10));
}

function dayLabel(date: string, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/**
 * Book at a salon: a service, a stylist (or any), a day and one of its free times on the
 * salon's clock, and a sandbox card. The choice lives in the URL, so signing in on the way
 * comes back to it. Paying holds the time and starts the booking saga; the booking's page
 * follows it to CONFIRMED or CANCELLED.
 */
export default function BookPage() {
  const { t, i18n } = useTranslation();
  const id = useParams().id ?? '';
  const navigate = useNavigate();
  const location = useLocation();
  const signedIn = useSignedIn();
  const salon = useSalon(id, isUuid(id));
  const { value, update } = useUrlFilters(['service', 'stylist', 'date', 'slot', 'card'] as const);
  const { errors, busy, error, run } = useSubmit();
  // One key per attempt: a double click or a retried request books once.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const s = salon.data;
  const timeZone = s?.timezone ?? 'America/Lima';
  const days = salonDays(timeZone, DAYS_AHEAD);
  const serviceId = value('service') || s?.services[0]?.id || '';
  const stylist = value('stylist') || ANY;
  const date = days.includes(value('date')) ? value('date') : (days[0] ?? '');
  const card = value('card') || CARDS[0];
  const availability = useQuery({
    queryKey: ['availability', id, serviceId, date],
    enabled: s !== undefined && s !== null && serviceId !== '',
    refetchInterval: 30_000,
    queryFn: async () => {
      const { data, error: problem } = await api.GET('/api/instudio/salons/{id}/availability', {
        params: { path: { id }, query: { serviceId, date } },
      });
      if (problem) throw problem;
      return data;
    },
  });
  if (!isUuid(id) || salon.data === null) return <NotFound />;
  if (salon.isError) return <Text c="red">{t('errors.generic')}</Text>;
  if (!s) return <Text>{t('loading')}</Text>;

  const service = s.services.find((sv) => sv.id === serviceId);
  const stylists = s.stylists.filter((st) => st.serviceIds.includes(serviceId));
  const stylistName = (sid: string) => s.stylists.find((st) => st.id === sid)?.name ?? '';
  // "Any" stylist: each free time once, with the first stylist free then.
  const slots = (availability.data?.slots ?? []).filter((sl) => stylist === ANY || sl.stylistId === stylist);
  const offered = new Map<string, (typeof slots)[number]>();
  for (const sl of slots) if (!offered.has(sl.start)) offered.set(sl.start, sl);
  const [slotStylist = '', slotStart = ''] = value('slot').split('_');
  const chosen = [...offered.values()].find((sl) => sl.stylistId === slotStylist && sl.start === slotStart);

  const pay = async () => {
    if (!signedIn) {
      void navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    const broken: Record<string, string> = chosen ? {} : { start: 'booking.pickSlot' };
    const answer = await run(broken, () =>
      api.POST('/api/instudio/bookings', {
        headers: { 'idempotency-key': idempotencyKey },
        body: {
          salonId: s.id,
          serviceId,
          stylistId: chosen?.stylistId ?? '',
          start: chosen?.start ?? '',
          paymentMethod: card,
        },
      }),
    );
    if (answer?.data) void navigate(`/instudio/bookings/${answer.data.id}`);
    else {
      // A refused time (taken meanwhile) needs a new key and fresh times.
      setIdempotencyKey(newIdempotencyKey());
      void availability.refetch();
    }
  };
  const slotError = error('start') ?? error('stylistId');

  return (
    <Stack maw={720} mx="auto">
      <Anchor component={Link} to={`/instudio/salons/${s.id}`} size="sm">
        ← {t('booking.back')}
      </Anchor>
      <Title order={1} size="h2">
        {t('booking.title', { salon: s.name })}
      </Title>
      <PageForm onSubmit={() => void pay()} errors={errors}>
        <NativeSelect
          label={t('booking.service')}
          name="service"
          value={serviceId}
          error={error('serviceId')}
          onChange={(e) => update({ service: e.currentTarget.value, slot: '' })}
          data={s.services.map((sv) => ({
            value: sv.id,
            label: `${sv.name} · ${t('salon.minutes', { count: sv.durationMinutes })} · ${money(sv.priceCents)}`,
          }))}
        />
        <NativeSelect
          label={t('booking.stylist')}
          name="stylist"
          value={stylist}
          onChange={(e) => update({ stylist: e.currentTarget.value, slot: '' })}
          data={[
            { value: ANY, label: t('booking.anyStylist') },
            ...stylists.map((st) => ({ value: st.id, label: st.name })),
          ]}
        />
        <NativeSelect
          label={t('booking.day')}
          name="date"
          value={date}
          onChange={(e) => update({ date: e.currentTarget.value, slot: '' })}
          data={days.map((d) => ({ value: d, label: dayLabel(d, i18n.language) }))}
        />
        <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby="slot-zone">
          <Text component="legend" fw={500} size="sm">
            {t('booking.slots')}
          </Text>
          <Text id="slot-zone" size="sm" c="dimmed" mb="xs">
            {t('booking.slotsIn', { zone: zoneName(timeZone), id: timeZone })}
          </Text>
          {availability.isPending && <Text>{t('loading')}</Text>}
          {availability.isError && <Text c="red">{t('errors.generic')}</Text>}
          {availability.isSuccess && offered.size === 0 && <Text data-testid="no-slots">{t('booking.noSlots')}</Text>}
          <Chip.Group
            value={chosen ? value('slot') : ''}
            onChange={(v) => update({ slot: typeof v === 'string' ? v : '' })}
          >
            <Group gap="xs" data-testid="slots">
              {[...offered.values()].map((sl) => (
                <Chip key={sl.start} type="radio" value={`${sl.stylistId}_${sl.start}`} name="slot">
                  {salonTime(sl.start, timeZone, 'time')}
                  {stylist === ANY ? ` · ${stylistName(sl.stylistId)}` : ''}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {slotError && (
            <Text c="red" size="sm" role="alert">
              {slotError.startsWith('booking.') ? t(slotError) : slotError}
            </Text>
          )}
        </fieldset>
        <NativeSelect
          label={t('booking.payment')}
          name="card"
          value={card}
          error={error('paymentMethod')}
          onChange={(e) => update({ card: e.currentTarget.value })}
          data={CARDS.map((c) => ({ value: c, label: t(`booking.cards.${c}`) }))}
        />
        {chosen && service && (
          <Text fw={500} data-testid="booking-summary">
            {t('booking.summary', {
              service: service.name,
              stylist: stylistName(chosen.stylistId),
              when: salonTime(chosen.start, timeZone),
              price: money(service.priceCents),
            })}
          </Text>
        )}
        {!signedIn && (
          <Alert color="blue" data-testid="sign-in-to-book">
            {t('booking.signInToBook')}
          </Alert>
        )}
        <Button type="submit" loading={busy} w="fit-content">
          {signedIn ? t('booking.pay') : t('nav.signIn')}
        </Button>
      </PageForm>
    </Stack>
  );
}

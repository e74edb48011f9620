import { Alert, Anchor, Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router';
import { useMe } from '../../../api/me';
import { isUuid } from '../../../api/validate';
import { weekday, zoneName } from '../../../format';
import { ItemPending } from '../../DetailPage';
import type { FormErrors } from '../../Form';
import { type Salon, useSalon } from '../booking-parts';

export type { Salon };
export type Hours = Salon['hours'];

/** Monday first; the API counts 0 = Sunday. */
export const WEEK = [1, 2, 3, 4, 5, 6, 0];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const SECTIONS = ['profile', 'services', 'stylists', 'hours', 'promotions', 'calendar', 'reviews'] as const;
export type Section = (typeof SECTIONS)[number];

/** Whether the signed-in user runs salons (a salon admin, or a platform admin); undefined while unknown. */
export function useRunsSalons(): boolean | undefined {
  const me = useMe();
  if (me.isPending && me.fetchStatus !== 'idle') return undefined;
  return me.data?.roles.some((r) => r === 'salon_admin' || r === 'platform_admin') ?? false;
}

/** What a page shows to someone who does not run salons: what the pages are for and the way to sign in. */
function OnlyAdmins() {
  const { t } = useTranslation();
  return (
    <Stack maw={720} mx="auto" mt="lg">
      <Title order={1}>{t('salonAdmin.title')}</Title>
      <Text>{t('salonAdmin.onlyAdmins')}</Text>
      <Button component={Link} to="/sign-in?next=%2Finstudio%2Fadmin" w="fit-content">
        {t('salonAdmin.signIn')}
      </Button>
    </Stack>
  );
}

/** The list of my salons, only for salon admins. */
export function AdminGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const runs = useRunsSalons();
  if (runs === undefined) return <Text>{t('loading')}</Text>;
  return runs ? children : <OnlyAdmins />;
}

/**
 * One section of a salon's admin pages: the salon's sections as navigation, the salon's name
 * and the section's title; `children` gets the salon (the public GET, refreshed after each write).
 */
export function SalonFrame({ section, children }: { section: Section; children: (salon: Salon) => ReactNode }) {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const runs = useRunsSalons();
  const salon = useSalon(id, isUuid(id) && runs === true);
  const queries = useQueryClient();
  // Each section (its own page, so a new frame) asks for the salon afresh: another admin (or
  // the API) may have changed it.
  useEffect(() => {
    void queries.invalidateQueries({ queryKey: ['salon', id] });
  }, [queries, id]);
  if (runs === undefined) return <Text>{t('loading')}</Text>;
  if (!runs) return <OnlyAdmins />;
  const s = salon.data;
  if (!isUuid(id) || !s) return <ItemPending valid={isUuid(id)} query={salon} />;
  const base = `/instudio/admin/salons/${s.id}`;
  return (
    <Stack maw={1100} mx="auto">
      <Anchor component={Link} to="/instudio/admin" size="sm">
        ← {t('salonAdmin.title')}
      </Anchor>
      <Text fw={600} size="lg">
        {s.name}
      </Text>
      <nav aria-label={s.name}>
        <Group gap="md">
          {SECTIONS.map((key) => (
            <Anchor key={key} component={NavLink} to={key === 'profile' ? base : `${base}/${key}`} end fw={500}>
              {t(`salonAdmin.nav.${key}`)}
            </Anchor>
          ))}
          <Anchor component={Link} to={`/instudio/salons/${s.id}`}>
            {t('salonAdmin.publicPage')}
          </Anchor>
        </Group>
      </nav>
      <Title order={1} size="h2">
        {t(`salonAdmin.nav.${section}`)}
      </Title>
      {children(s)}
    </Stack>
  );
}

/** Drops the cached salon (and the lists that show it) so every page shows what was just written. */
export function useSalonChanged() {
  const queries = useQueryClient();
  return (salonId: string) =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['salon', salonId] }),
      queries.invalidateQueries({ queryKey: ['admin-salons'] }),
      queries.invalidateQueries({ queryKey: ['salon-promotions', salonId] }),
    ]);
}

/** The form's summary (the API's problem) and, after a success, what was done. */
export function FormNotice({ errors, done }: { errors: FormErrors; done?: string }) {
  if (errors.summary)
    return (
      <Alert color="red" role="alert" data-testid="form-error">
        {errors.summary}
      </Alert>
    );
  if (done)
    return (
      <Alert color="green" role="status" data-testid="form-done">
        {done}
      </Alert>
    );
  return null;
}

/**
 * One admin form: its title, the API's problem above it (or what was done), its fields, and
 * its submit button (Enter submits); `bare` leaves out the card (a form inside a list).
 */
export function AdminForm(props: {
  title?: string;
  errors: FormErrors;
  done?: string;
  busy: boolean;
  submit: string;
  onSubmit: () => Promise<void>;
  children: ReactNode;
  extra?: ReactNode;
  bare?: boolean;
  maw?: number;
}) {
  const form = (
    <form
      noValidate
      aria-label={props.title}
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit();
      }}
    >
      <Stack gap={props.bare ? 'xs' : 'md'} maw={props.bare ? props.maw : undefined}>
        {props.title && !props.bare && (
          <Title order={2} size="h3">
            {props.title}
          </Title>
        )}
        <FormNotice errors={props.errors} done={props.done} />
        {props.children}
        <Group>
          <Button type="submit" loading={props.busy}>
            {props.submit}
          </Button>
          {props.extra}
        </Group>
      </Stack>
    </form>
  );
  if (props.bare) return form;
  return (
    <Paper withBorder p="lg" maw={props.maw ?? 620}>
      {form}
    </Paper>
  );
}

/** The salon's services to pick from (a stylist's, a promotion's), with the API's message for the list. */
export function ServicePicker(props: {
  label: string;
  salon: Salon;
  value: string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
}) {
  return (
    <Checkbox.Group label={props.label} value={props.value} onChange={props.onChange} error={props.error}>
      <Group mt="xs">
        {props.salon.services.map((sv) => (
          <Checkbox key={sv.id} value={sv.id} label={sv.name} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** The salon's zone named, as every time on these pages is the salon's. */
export function ZoneNote({ timeZone, text }: { timeZone: string; text: 'hours.intro' | 'calendar.zone' }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-testid="salon-timezone">
      {t(`salonAdmin.${text}`, { zone: zoneName(timeZone), id: timeZone })}
    </Text>
  );
}

/** A week of hours being edited: per weekday, open or not, and its times (HH:MM). */
export type HoursDraft = Record<number, { open: boolean; opens: string; closes: string }>;

export function hoursDraft(hours: Hours): HoursDraft {
  const draft: HoursDraft = {};
  for (const d of WEEK) {
    const h = hours.find((x) => x.weekday === d);
    draft[d] = { open: h !== undefined, opens: h?.opens ?? '09:00', closes: h?.closes ?? '18:00' };
  }
  return draft;
}

/** The draft as the API takes it (open days only, Monday first) and its rules' messages by field. */
export function useHoursBody() {
  const { t } = useTranslation();
  const messages = { time: t('salonAdmin.validation.time'), order: t('salonAdmin.validation.order') };
  return (draft: HoursDraft) => hoursBody(draft, messages);
}

function hoursBody(draft: HoursDraft, messages: { time: string; order: string }) {
  const hours = WEEK.filter((d) => draft[d]?.open).map((d) => ({
    weekday: d,
    opens: draft[d]?.opens ?? '',
    closes: draft[d]?.closes ?? '',
  }));
  const broken: Record<string, string> = {};
  hours.forEach((h, i) => {
    if (!HHMM.test(h.opens)) broken[`hours.${i}.opens`] = messages.time;
    if (!HHMM.test(h.closes)) broken[`hours.${i}.closes`] = messages.time;
    else if (h.closes <= h.opens) broken[`hours.${i}.closes`] = messages.order;
  });
  return { hours, broken };
}

/**
 * A week's hours as a table a keyboard goes through: per day a checkbox (open) and two time
 * fields. Field messages come by the API's `hours.N.field` (N counts the open days sent).
 */
export function HoursEditor(props: {
  label: string;
  draft: HoursDraft;
  onChange: (draft: HoursDraft) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const sent = WEEK.filter((d) => props.draft[d]?.open);
  const set = (d: number, change: Partial<HoursDraft[number]>) => {
    const day = props.draft[d] ?? { open: false, opens: '09:00', closes: '18:00' };
    props.onChange({ ...props.draft, [d]: { ...day, ...change } });
  };
  return (
    <Table aria-label={props.label} maw={560} verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{props.label}</Table.Th>
          <Table.Th>{t('salonAdmin.hours.opens')}</Table.Th>
          <Table.Th>{t('salonAdmin.hours.closes')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {WEEK.map((d) => {
          const day = props.draft[d];
          const i = sent.indexOf(d);
          return (
            <Table.Tr key={d} data-weekday={d}>
              <Table.Th scope="row">
                <Checkbox
                  label={weekday(d)}
                  name={`open-${d}`}
                  checked={day?.open ?? false}
                  onChange={(e) => set(d, { open: e.currentTarget.checked })}
                />
              </Table.Th>
              {day?.open ? (
                (['opens', 'closes'] as const).map((edge) => (
                  <Table.Td key={edge}>
                    <TextInput
                      type="time"
                      name={`${edge}-${d}`}
                      aria-label={`${weekday(d)}: ${t(`salonAdmin.hours.${edge}`)}`}
                      value={day[edge]}
                      error={props.error(`hours.${i}.${edge}`)}
                      onChange={(e) => set(d, { [edge]: e.currentTarget.value })}
                    />
                  </Table.Td>
                ))
              ) : (
                <Table.Td colSpan={2}>{t('salonAdmin.hours.closed')}</Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Money typed in soles ("45", "45.50", "45,50") as integer cents, or undefined when it is not one. */
export function centsOf(text: string): number | undefined {
  const m = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** Cents as the price field shows them (45.50). */
export function solesOf(cents: number): string {
  return (cents / 100).toFixed(2);
}

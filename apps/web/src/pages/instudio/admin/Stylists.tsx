import { Button, Card, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { check, rules } from '../../../api/validate';
import { clock, weekday } from '../../../format';
import { useSubmit } from '../../Form';
import {
  AdminForm,
  HoursEditor,
  hoursDraft,
  type Salon,
  SalonFrame,
  ServicePicker,
  useHoursBody,
  useSalonChanged,
  WEEK,
  ZoneNote,
} from './admin-parts';

/** A stylist's working hours in a line (Monday first), or that they work the salon's hours. */
function HoursLine({ hours }: { hours: Salon['hours'] }) {
  const { t } = useTranslation();
  if (hours.length === 0) return <Text size="sm">{t('salonAdmin.stylist.sameAsSalon')}</Text>;
  const byDay = new Map(hours.map((h) => [h.weekday, h]));
  return (
    <Text size="sm">
      {WEEK.filter((d) => byDay.has(d))
        .map((d) => {
          const h = byDay.get(d);
          return `${weekday(d, 'short')} ${clock(h?.opens ?? '')}–${clock(h?.closes ?? '')}`;
        })
        .join(' · ')}
    </Text>
  );
}

/** Replacing one stylist's working hours (PUT; none: the salon's hours). */
function StylistHours({ salon, stylist }: { salon: Salon; stylist: Salon['stylists'][number] }) {
  const { t } = useTranslation();
  const changed = useSalonChanged();
  const toHours = useHoursBody();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(() => hoursDraft(stylist.hours));
  const { errors, busy, error, run } = useSubmit();
  const title = t('salonAdmin.stylist.editHours', { name: stylist.name });
  if (!editing)
    return (
      <Button size="xs" variant="default" w="fit-content" onClick={() => setEditing(true)}>
        {title}
      </Button>
    );
  const save = async () => {
    const { hours, broken } = toHours(draft);
    const answer = await run(broken, () =>
      api.PUT('/api/instudio/salons/{id}/stylists/{stylistId}/hours', {
        params: { path: { id: salon.id, stylistId: stylist.id } },
        body: { hours },
      }),
    );
    if (!answer) return;
    await changed(salon.id);
    setEditing(false);
  };
  return (
    <AdminForm
      bare
      title={title}
      errors={errors}
      busy={busy}
      submit={t('salonAdmin.save')}
      onSubmit={save}
      extra={
        <Button variant="default" onClick={() => setEditing(false)}>
          {t('salonAdmin.cancel')}
        </Button>
      }
    >
      <HoursEditor label={title} draft={draft} onChange={setDraft} error={error} />
    </AdminForm>
  );
}

/** Adding a stylist with the services they offer and, when not the salon's, their working hours. */
function AddStylist({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const changed = useSalonChanged();
  const toHours = useHoursBody();
  const [name, setName] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [draft, setDraft] = useState(() => hoursDraft([]));
  const [done, setDone] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  const add = async () => {
    setDone(false);
    const { hours, broken } = toHours(draft);
    Object.assign(broken, check({ name }, { name: [rules.required] }));
    const answer = await run(broken, () =>
      api.POST('/api/instudio/salons/{id}/stylists', {
        params: { path: { id: salon.id } },
        body: { name: name.trim(), serviceIds, hours },
      }),
    );
    if (!answer) return;
    await changed(salon.id);
    setName('');
    setServiceIds([]);
    setDraft(hoursDraft([]));
    setDone(true);
  };
  return (
    <AdminForm
      title={t('salonAdmin.stylist.add')}
      errors={errors}
      done={done ? t('salonAdmin.stylist.added') : undefined}
      busy={busy}
      submit={t('salonAdmin.add')}
      onSubmit={add}
    >
      <TextInput
        label={t('salonAdmin.stylist.name')}
        name="name"
        required
        maxLength={200}
        value={name}
        error={error('name')}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <ServicePicker
        label={t('salonAdmin.stylist.services')}
        salon={salon}
        value={serviceIds}
        onChange={setServiceIds}
        error={error('serviceIds')}
      />
      <ZoneNote timeZone={salon.timezone} text="hours.intro" />
      <HoursEditor label={t('salonAdmin.stylist.hours')} draft={draft} onChange={setDraft} error={error} />
    </AdminForm>
  );
}

function StylistsSection({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const services = new Map(salon.services.map((sv) => [sv.id, sv.name]));
  return (
    <>
      {salon.stylists.length === 0 && <Text>{t('salonAdmin.stylist.none')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {salon.stylists.map((st) => (
          <Card key={st.id} withBorder component="article" data-stylist={st.id}>
            <Stack gap="xs">
              <Text fw={600}>{st.name}</Text>
              <Text size="sm">{st.serviceIds.map((id) => services.get(id) ?? '').join(', ')}</Text>
              <HoursLine hours={st.hours} />
              <StylistHours key={JSON.stringify(st.hours)} salon={salon} stylist={st} />
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <AddStylist salon={salon} />
    </>
  );
}

export default function Stylists() {
  return <SalonFrame section="stylists">{(salon) => <StylistsSection salon={salon} />}</SalonFrame>;
}

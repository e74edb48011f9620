import { Button, Paper, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useSubmit } from '../../Form';
import {
  FormNotice,
  HoursEditor,
  hoursBody,
  hoursDraft,
  type Salon,
  SalonFrame,
  useSalonChanged,
  ZoneNote,
} from './admin-parts';

/** The salon's opening hours, one entry per open weekday, replaced as a whole (PUT). */
function HoursForm({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const changed = useSalonChanged();
  const [draft, setDraft] = useState(() => hoursDraft(salon.hours));
  const [done, setDone] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  const save = async () => {
    setDone(false);
    const { hours, broken } = hoursBody(draft, {
      time: t('salonAdmin.validation.time'),
      order: t('salonAdmin.validation.order'),
    });
    const answer = await run(broken, () =>
      api.PUT('/api/instudio/salons/{id}/hours', { params: { path: { id: salon.id } }, body: { hours } }),
    );
    if (!answer) return;
    await changed(salon.id);
    setDone(true);
  };
  return (
    <Paper withBorder p="lg" maw={620}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <ZoneNote timeZone={salon.timezone} text="hours.intro" />
          <FormNotice errors={errors} done={done ? t('salonAdmin.saved') : undefined} />
          <HoursEditor label={t('salonAdmin.nav.hours')} draft={draft} onChange={setDraft} error={error} />
          <Button type="submit" loading={busy} w="fit-content">
            {t('salonAdmin.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

export default function Hours() {
  return <SalonFrame section="hours">{(salon) => <HoursForm key={salon.id} salon={salon} />}</SalonFrame>;
}

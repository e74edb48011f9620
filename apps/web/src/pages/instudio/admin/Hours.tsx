import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useSubmit } from '../../Form';
import {
  AdminForm,
  HoursEditor,
  hoursDraft,
  type Salon,
  SalonFrame,
  useHoursBody,
  useSalonChanged,
  ZoneNote,
} from './admin-parts';

/** The salon's opening hours, one entry per open weekday, replaced as a whole (PUT). */
function HoursForm({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const changed = useSalonChanged();
  const toHours = useHoursBody();
  const [draft, setDraft] = useState(() => hoursDraft(salon.hours));
  const [done, setDone] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  const save = async () => {
    setDone(false);
    const { hours, broken } = toHours(draft);
    const answer = await run(broken, () =>
      api.PUT('/api/instudio/salons/{id}/hours', { params: { path: { id: salon.id } }, body: { hours } }),
    );
    if (!answer) return;
    await changed(salon.id);
    setDone(true);
  };
  return (
    <AdminForm
      errors={errors}
      done={done ? t('salonAdmin.saved') : undefined}
      busy={busy}
      submit={t('salonAdmin.save')}
      onSubmit={save}
    >
      <ZoneNote timeZone={salon.timezone} text="hours.intro" />
      <HoursEditor label={t('salonAdmin.nav.hours')} draft={draft} onChange={setDraft} error={error} />
    </AdminForm>
  );
}

export default function Hours() {
  return <SalonFrame section="hours">{(salon) => <HoursForm key={salon.id} salon={salon} />}</SalonFrame>;
}

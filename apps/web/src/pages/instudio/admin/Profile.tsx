import { Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { check, rules } from '../../../api/validate';
import { useSubmit } from '../../Form';
import { AdminForm, type Salon, SalonFrame, useSalonChanged } from './admin-parts';

const FIELDS = ['name', 'address', 'district', 'phone', 'description', 'timezone'] as const;
type Field = (typeof FIELDS)[number];

/** The salon's details: only the fields that changed are sent (PATCH), the API's messages by their fields. */
function ProfileForm({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const changed = useSalonChanged();
  const [form, setForm] = useState<Record<Field, string>>(() => ({
    name: salon.name,
    address: salon.address,
    district: salon.district,
    phone: salon.phone,
    description: salon.description,
    timezone: salon.timezone,
  }));
  const [done, setDone] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  const save = async () => {
    setDone(false);
    const body: Partial<Record<Field, string>> = {};
    for (const f of FIELDS) if (form[f].trim() !== salon[f]) body[f] = form[f].trim();
    const required = { name: [rules.required], address: [rules.required], district: [rules.required] };
    const answer = await run(check(form, { ...required, phone: [rules.required], timezone: [rules.required] }), () =>
      api.PATCH('/api/instudio/salons/{id}', { params: { path: { id: salon.id } }, body }),
    );
    if (!answer) return;
    await changed(salon.id);
    setDone(true);
  };
  const input = (f: Exclude<Field, 'description'>, autoComplete?: string) => (
    <TextInput
      label={t(`salonAdmin.profile.${f}`)}
      name={f}
      required
      autoComplete={autoComplete}
      value={form[f]}
      error={error(f)}
      onChange={(e) => setForm({ ...form, [f]: e.currentTarget.value })}
    />
  );
  return (
    <AdminForm
      errors={errors}
      done={done ? t('salonAdmin.saved') : undefined}
      busy={busy}
      submit={t('salonAdmin.save')}
      onSubmit={save}
      maw={560}
    >
      {input('name', 'organization')}
      {input('address', 'street-address')}
      {input('district')}
      {input('phone', 'tel')}
      <Textarea
        label={t('salonAdmin.profile.description')}
        name="description"
        autosize
        minRows={3}
        maxLength={2000}
        value={form.description}
        error={error('description')}
        onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
      />
      {input('timezone')}
    </AdminForm>
  );
}

export default function Profile() {
  return <SalonFrame section="profile">{(salon) => <ProfileForm key={salon.id} salon={salon} />}</SalonFrame>;
}

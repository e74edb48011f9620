import { Button, NativeSelect, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { paths } from '../../../api/openapi';
import { check, rules } from '../../../api/validate';
import { money } from '../../../format';
import { useSubmit } from '../../Form';
import { WideTable } from '../../WideTable';
import { AdminForm, centsOf, type Salon, SalonFrame, solesOf, useSalonChanged } from './admin-parts';

type Service = Salon['services'][number];
type Subcategory =
  paths['/api/instudio/salons/{id}/services']['post']['requestBody']['content']['application/json']['subcategory'];
const SUBCATEGORIES: Subcategory[] = ['hair', 'nails', 'makeup', 'waxing', 'spa', 'other'];

interface Draft {
  name: string;
  subcategory: string;
  duration: string;
  price: string;
}

/** A service's fields as the API takes them, and the rules' messages by field (the API's own limits). */
function useServiceBody() {
  const { t } = useTranslation();
  return (d: Draft) => {
    const durationMinutes = Number(d.duration);
    const priceCents = centsOf(d.price);
    const broken = check(d, { name: [rules.required] });
    if (!Number.isInteger(durationMinutes) || durationMinutes < 5 || durationMinutes > 720)
      broken.durationMinutes = t('salonAdmin.validation.duration');
    if (priceCents === undefined) broken.priceCents = t('salonAdmin.validation.price');
    const body = {
      name: d.name.trim(),
      subcategory: d.subcategory as Subcategory,
      durationMinutes,
      priceCents: priceCents ?? 0,
    };
    return { body, broken };
  };
}

/** The fields of a service (adding or editing): name, category, duration and price in soles. */
function ServiceFields(props: { draft: Draft; set: (d: Draft) => void; error: (f: string) => string | undefined }) {
  const { t } = useTranslation();
  const { draft, set, error } = props;
  return (
    <>
      <TextInput
        label={t('salonAdmin.service.name')}
        name="name"
        required
        maxLength={200}
        value={draft.name}
        error={error('name')}
        onChange={(e) => set({ ...draft, name: e.currentTarget.value })}
      />
      <NativeSelect
        label={t('salonAdmin.service.subcategory')}
        name="subcategory"
        value={draft.subcategory}
        error={error('subcategory')}
        onChange={(e) => set({ ...draft, subcategory: e.currentTarget.value })}
        data={SUBCATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
      />
      <TextInput
        label={t('salonAdmin.service.duration')}
        name="durationMinutes"
        inputMode="numeric"
        required
        value={draft.duration}
        error={error('durationMinutes')}
        onChange={(e) => set({ ...draft, duration: e.currentTarget.value })}
      />
      <TextInput
        label={t('salonAdmin.service.price')}
        name="priceCents"
        inputMode="decimal"
        required
        value={draft.price}
        error={error('priceCents')}
        onChange={(e) => set({ ...draft, price: e.currentTarget.value })}
      />
    </>
  );
}

/** Editing one service in its row: its price, duration, name and category (PATCH). */
function EditService({ salonId, service, close }: { salonId: string; service: Service; close: () => void }) {
  const { t } = useTranslation();
  const changed = useSalonChanged();
  const toBody = useServiceBody();
  const [draft, setDraft] = useState<Draft>({
    name: service.name,
    subcategory: service.subcategory,
    duration: String(service.durationMinutes),
    price: solesOf(service.priceCents),
  });
  const { errors, busy, error, run } = useSubmit();
  const save = async () => {
    const { body, broken } = toBody(draft);
    const answer = await run(broken, () =>
      api.PATCH('/api/instudio/salons/{id}/services/{serviceId}', {
        params: { path: { id: salonId, serviceId: service.id } },
        body,
      }),
    );
    if (!answer) return;
    await changed(salonId);
    close();
  };
  return (
    <AdminForm
      bare
      maw={480}
      title={t('salonAdmin.service.editing', { name: service.name })}
      errors={errors}
      busy={busy}
      submit={t('salonAdmin.save')}
      onSubmit={save}
      extra={
        <Button variant="default" onClick={close}>
          {t('salonAdmin.cancel')}
        </Button>
      }
    >
      <ServiceFields draft={draft} set={setDraft} error={error} />
    </AdminForm>
  );
}

const EMPTY: Draft = { name: '', subcategory: 'hair', duration: '30', price: '' };

/** Adding a service (POST); the list above shows it once the API has it. */
function AddService({ salonId }: { salonId: string }) {
  const { t } = useTranslation();
  const changed = useSalonChanged();
  const toBody = useServiceBody();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [done, setDone] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  const add = async () => {
    setDone(false);
    const { body, broken } = toBody(draft);
    const answer = await run(broken, () =>
      api.POST('/api/instudio/salons/{id}/services', { params: { path: { id: salonId } }, body }),
    );
    if (!answer) return;
    await changed(salonId);
    setDraft(EMPTY);
    setDone(true);
  };
  return (
    <AdminForm
      maw={560}
      title={t('salonAdmin.service.add')}
      errors={errors}
      done={done ? t('salonAdmin.service.added') : undefined}
      busy={busy}
      submit={t('salonAdmin.add')}
      onSubmit={add}
    >
      <ServiceFields draft={draft} set={setDraft} error={error} />
    </AdminForm>
  );
}

function ServicesSection({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string>();
  return (
    <>
      <WideTable label={t('salonAdmin.nav.services')} minWidth={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('salon.service')}</Table.Th>
            <Table.Th>{t('salon.category')}</Table.Th>
            <Table.Th>{t('salon.duration')}</Table.Th>
            <Table.Th>{t('salon.price')}</Table.Th>
            <Table.Th>{t('salonAdmin.edit')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {salon.services.map((sv) =>
            editing === sv.id ? (
              <Table.Tr key={sv.id}>
                <Table.Td colSpan={5}>
                  <EditService salonId={salon.id} service={sv} close={() => setEditing(undefined)} />
                </Table.Td>
              </Table.Tr>
            ) : (
              <Table.Tr key={sv.id} data-service={sv.id}>
                <Table.Td>{sv.name}</Table.Td>
                <Table.Td>{t(`categories.${sv.subcategory}`)}</Table.Td>
                <Table.Td>{t('salon.minutes', { count: sv.durationMinutes })}</Table.Td>
                <Table.Td>{money(sv.priceCents)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('salonAdmin.service.editing', { name: sv.name })}
                    onClick={() => setEditing(sv.id)}
                  >
                    {t('salonAdmin.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ),
          )}
        </Table.Tbody>
      </WideTable>
      <AddService salonId={salon.id} />
    </>
  );
}

export default function Services() {
  return <SalonFrame section="services">{(salon) => <ServicesSection salon={salon} />}</SalonFrame>;
}

import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { paths } from '../../../api/openapi';
import { asProblem, problemMessage } from '../../../api/problem';
import { check, rules } from '../../../api/validate';
import { calendarDate, clock, weekday } from '../../../format';
import { useSubmit } from '../../Form';
import { AdminForm, type Salon, SalonFrame, ServicePicker, WEEK, ZoneNote } from './admin-parts';

type Promotion =
  paths['/api/instudio/promotions']['get']['responses']['200']['content']['application/json']['items'][number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

interface Draft {
  name: string;
  description: string;
  discount: string;
  serviceIds: string[];
  validFrom: string;
  validTo: string;
  weekdays: string[];
  startTime: string;
  endTime: string;
}

function draftOf(p: Promotion | undefined, today: string): Draft {
  return {
    name: p?.name ?? '',
    description: p?.description ?? '',
    discount: p ? String(p.discountPercent) : '10',
    serviceIds: p?.serviceIds ?? [],
    validFrom: p?.validFrom ?? today,
    validTo: p?.validTo ?? today,
    weekdays: (p?.weekdays ?? WEEK).map(String),
    startTime: p?.startTime ?? '09:00',
    endTime: p?.endTime ?? '18:00',
  };
}

/** Today on the salon's calendar (YYYY-MM-DD). */
function salonToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}

/** Creating a promotion (POST) or editing one (PATCH), with the API's messages by field. */
function PromotionForm(props: { salon: Salon; promotion?: Promotion; close?: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const { salon, promotion } = props;
  const [d, setD] = useState(() => draftOf(promotion, salonToday(salon.timezone)));
  const [done, setDone] = useState(false);
  const { errors, busy, error, run } = useSubmit();
  const save = async () => {
    setDone(false);
    const v = (key: string) => t(`salonAdmin.validation.${key}`);
    const discountPercent = Number(d.discount);
    const broken = check({ name: d.name }, { name: [rules.required] });
    if (!Number.isInteger(discountPercent) || discountPercent < 1 || discountPercent > 90)
      broken.discountPercent = v('discount');
    if (d.serviceIds.length === 0) broken.serviceIds = v('pick');
    if (d.weekdays.length === 0) broken.weekdays = v('pick');
    if (!DATE.test(d.validFrom)) broken.validFrom = t('validation.required');
    if (!DATE.test(d.validTo)) broken.validTo = t('validation.required');
    else if (d.validTo < d.validFrom) broken.validTo = v('dates');
    if (!HHMM.test(d.startTime)) broken.startTime = v('time');
    if (!HHMM.test(d.endTime)) broken.endTime = v('time');
    else if (d.endTime <= d.startTime) broken.endTime = v('order');
    const body = {
      name: d.name.trim(),
      description: d.description.trim(),
      discountPercent,
      serviceIds: d.serviceIds,
      validFrom: d.validFrom,
      validTo: d.validTo,
      weekdays: d.weekdays.map(Number),
      startTime: d.startTime,
      endTime: d.endTime,
    };
    const answer = await run(broken, () =>
      promotion
        ? api.PATCH('/api/instudio/promotions/{id}', { params: { path: { id: promotion.id } }, body })
        : api.POST('/api/instudio/salons/{id}/promotions', { params: { path: { id: salon.id } }, body }),
    );
    if (!answer) return;
    await queries.invalidateQueries({ queryKey: ['salon-promotions'] });
    if (props.close) props.close();
    else {
      setD(draftOf(undefined, salonToday(salon.timezone)));
      setDone(true);
    }
  };
  const text = (key: 'validFrom' | 'validTo' | 'startTime' | 'endTime', type: 'date' | 'time') => (
    <TextInput
      type={type}
      label={t(`salonAdmin.promotion.${key}`)}
      name={key}
      required
      value={d[key]}
      error={error(key)}
      onChange={(e) => setD({ ...d, [key]: e.currentTarget.value })}
    />
  );
  const title = promotion ? t('salonAdmin.promotion.editing', { name: promotion.name }) : t('salonAdmin.promotion.add');
  return (
    <AdminForm
      title={title}
      errors={errors}
      done={done ? t('salonAdmin.promotion.created') : undefined}
      busy={busy}
      submit={promotion ? t('salonAdmin.save') : t('salonAdmin.add')}
      onSubmit={save}
      extra={
        props.close && (
          <Button variant="default" onClick={props.close}>
            {t('salonAdmin.cancel')}
          </Button>
        )
      }
    >
      <TextInput
        label={t('salonAdmin.promotion.name')}
        name="name"
        required
        maxLength={200}
        value={d.name}
        error={error('name')}
        onChange={(e) => setD({ ...d, name: e.currentTarget.value })}
      />
      <Textarea
        label={t('salonAdmin.promotion.description')}
        name="description"
        maxLength={2000}
        autosize
        minRows={2}
        value={d.description}
        error={error('description')}
        onChange={(e) => setD({ ...d, description: e.currentTarget.value })}
      />
      <TextInput
        label={t('salonAdmin.promotion.discount')}
        name="discountPercent"
        inputMode="numeric"
        required
        value={d.discount}
        error={error('discountPercent')}
        onChange={(e) => setD({ ...d, discount: e.currentTarget.value })}
      />
      <ServicePicker
        label={t('salonAdmin.promotion.services')}
        salon={salon}
        value={d.serviceIds}
        onChange={(serviceIds) => setD({ ...d, serviceIds })}
        error={error('serviceIds')}
      />
      <ZoneNote timeZone={salon.timezone} text="hours.intro" />
      <Group grow>
        {text('validFrom', 'date')}
        {text('validTo', 'date')}
      </Group>
      <Checkbox.Group
        label={t('salonAdmin.promotion.weekdays')}
        value={d.weekdays}
        onChange={(weekdays) => setD({ ...d, weekdays })}
        error={error('weekdays')}
      >
        <Group mt="xs">
          {WEEK.map((w) => (
            <Checkbox key={w} value={String(w)} label={weekday(w, 'short')} />
          ))}
        </Group>
      </Checkbox.Group>
      <Group grow>
        {text('startTime', 'time')}
        {text('endTime', 'time')}
      </Group>
    </AdminForm>
  );
}

/** One promotion: what it gives when, whether it is on, and ending or re-enabling it (PATCH active). */
function PromotionCard({ salon, p }: { salon: Salon; p: Promotion }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string>();
  const services = new Map(salon.services.map((sv) => [sv.id, sv.name]));
  if (editing) return <PromotionForm salon={salon} promotion={p} close={() => setEditing(false)} />;
  const toggle = async () => {
    const { error } = await api.PATCH('/api/instudio/promotions/{id}', {
      params: { path: { id: p.id } },
      body: { active: !p.active },
    });
    setProblem(error ? problemMessage(asProblem(error), t('errors.generic')) : undefined);
    await queries.invalidateQueries({ queryKey: ['salon-promotions'] });
  };
  return (
    <Card withBorder component="article" data-promotion={p.id}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>
            {p.name} · {t('salon.promotion', { percent: p.discountPercent })}
          </Text>
          <Badge variant="outline" color="dark">
            {p.active ? t('salonAdmin.promotion.active') : t('salonAdmin.promotion.ended')}
          </Badge>
        </Group>
        <Text size="sm">{p.serviceIds.map((id) => services.get(id) ?? '').join(', ')}</Text>
        <Text size="sm">
          {t('salon.promotionWhen', {
            from: calendarDate(p.validFrom),
            to: calendarDate(p.validTo),
            days: WEEK.filter((w) => p.weekdays.includes(w))
              .map((w) => weekday(w, 'short'))
              .join(', '),
            start: clock(p.startTime),
            end: clock(p.endTime),
          })}
        </Text>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Group>
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            {t('salonAdmin.edit')}
          </Button>
          <Button size="xs" variant="default" color={p.active ? 'red' : undefined} onClick={() => void toggle()}>
            {p.active ? t('salonAdmin.promotion.end') : t('salonAdmin.promotion.reactivate')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PromotionsSection({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const promotions = useQuery({
    queryKey: ['salon-promotions', salon.id, 'all'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/promotions', {
        params: { query: { salonId: salon.id, active: 'false', pageSize: 100 } },
      });
      if (error) throw error;
      return data.items;
    },
  });
  return (
    <>
      {promotions.isError && <Text c="red">{t('errors.generic')}</Text>}
      {promotions.data?.length === 0 && <Text>{t('salonAdmin.promotion.none')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {promotions.data?.map((p) => (
          <PromotionCard key={p.id} salon={salon} p={p} />
        ))}
      </SimpleGrid>
      <PromotionForm salon={salon} />
    </>
  );
}

export default function Promotions() {
  return <SalonFrame section="promotions">{(salon) => <PromotionsSection salon={salon} />}</SalonFrame>;
}

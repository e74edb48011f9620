import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../../api/client';
import { newIdempotencyKey } from '../../../api/idempotency';
import { isUuid } from '../../../api/validate';
import { DetailPage, ItemPending } from '../../DetailPage';
import { useSubmit } from '../../Form';
import { useFestivalEvent } from '../TicketTypesTable';
import {
  blankForm,
  brokenRules,
  CARDS,
  canAddType,
  createBody,
  type EventForm,
  type EventView,
  formOf,
  newTicketType,
  patchBody,
  SIZES,
  type TicketTypeForm,
} from './event-form';
import { ManageFrame } from './ManageFrame';

/** Create an event (`/musicfest/manage/new`) or edit one (`/musicfest/manage/:id/edit`). */
export default function EventEditor() {
  const { t } = useTranslation();
  const id = useParams().id;
  return (
    <ManageFrame title={id ? t('manage.edit') : t('manage.newTitle')}>
      {id ? <EditEvent id={id} /> : <EventFormPage />}
    </ManageFrame>
  );
}

function EditEvent({ id }: { id: string }) {
  const event = useFestivalEvent(id);
  if (!isUuid(id) || !event.data) return <ItemPending valid={isUuid(id)} query={event} />;
  return <EventFormPage event={event.data} />;
}

/**
 * The event's form: its fields, then its ticket types (price in soles, discount, seats, the
 * sales window). The API's rules are checked before sending and its problem+json messages
 * show by their fields. Creating charges the hosting fee the API computes from the size.
 */
function EventFormPage({ event }: { event?: EventView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const original = useMemo(() => (event ? formOf(event) : undefined), [event]);
  const [form, setForm] = useState<EventForm>(() => original ?? blankForm());
  const [key] = useState(newIdempotencyKey);
  const [saved, setSaved] = useState(false);
  const { errors, busy, error, run } = useSubmit();

  const set = (patch: Partial<EventForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const setType = (i: number, patch: Partial<TicketTypeForm>) =>
    set({ ticketTypes: form.ticketTypes.map((tt, j) => (j === i ? { ...tt, ...patch } : tt)) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const broken = brokenRules(form, t, original);
    if (event && original) {
      const answer = await run(broken, () =>
        api.PATCH('/api/musicfest/events/{id}', {
          params: { path: { id: event.id } },
          body: patchBody(form, original),
        }),
      );
      if (!answer?.data) return;
      queries.setQueryData(['event', event.id], answer.data);
      void queries.invalidateQueries({ queryKey: ['manage'] });
      setForm(formOf(answer.data));
      setSaved(true);
      return;
    }
    const answer = await run(broken, () =>
      api.POST('/api/musicfest/events', { body: createBody(form), headers: { 'idempotency-key': key } }),
    );
    if (!answer?.data) return;
    void queries.invalidateQueries({ queryKey: ['manage'] });
    void navigate(`/musicfest/manage/${answer.data.id}`, { state: { created: answer.data } });
  };

  const input = (field: Exclude<keyof EventForm, 'ticketTypes' | 'size'>, props: Record<string, unknown> = {}) => (
    <TextInput
      label={t(`manage.fields.${field}`)}
      name={field}
      required
      value={form[field]}
      error={error(field)}
      onChange={(e) => set({ [field]: e.currentTarget.value })}
      {...props}
    />
  );

  return (
    <DetailPage
      back={event ? `/musicfest/manage/${event.id}` : '/musicfest/manage'}
      backLabel={event ? event.name : t('manage.back')}
      title={event ? t('manage.editTitle', { name: event.name }) : t('manage.newTitle')}
    >
      <Paper withBorder p="lg">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            {errors.summary && (
              <Alert color="red" role="alert" data-testid="form-error">
                {errors.summary}
              </Alert>
            )}
            {saved && (
              <Alert color="green" role="status" data-testid="form-saved">
                {t('manage.saved')}
              </Alert>
            )}
            {input('name', { maxLength: 200 })}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('organizer', { maxLength: 200 })}
              {input('place', { maxLength: 300 })}
            </SimpleGrid>
            <Textarea
              label={t('manage.fields.description')}
              name="description"
              autosize
              minRows={2}
              value={form.description}
              error={error('description')}
              onChange={(e) => set({ description: e.currentTarget.value })}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {input('startsAt', { type: 'datetime-local' })}
              {input('durationMinutes', { inputMode: 'numeric' })}
              {input('purchaseDeadline', { type: 'datetime-local' })}
            </SimpleGrid>
            <NativeSelect
              label={t('manage.fields.size')}
              name="size"
              description={event ? undefined : t('manage.feeByApi')}
              value={form.size}
              error={error('size')}
              onChange={(e) => set({ size: e.currentTarget.value as EventForm['size'] })}
              data={SIZES.map((s) => ({ value: s, label: t(`manage.sizes.${s}`) }))}
            />
            {!event && (
              <NativeSelect
                label={t('manage.fields.paymentMethod')}
                name="paymentMethod"
                value={form.paymentMethod}
                error={error('paymentMethod')}
                onChange={(e) => set({ paymentMethod: e.currentTarget.value })}
                data={CARDS.map((c) => ({ value: c, label: t(`booking.cards.${c}`) }))}
              />
            )}
            <Title order={2} size="h3">
              {t('manage.ticketTypes')}
            </Title>
            {error('ticketTypes') && (
              <Text c="red" size="sm" role="alert" data-testid="ticket-types-error">
                {error('ticketTypes')}
              </Text>
            )}
            {form.ticketTypes.map((tt, i) => (
              <TicketTypeFields
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are only appended, or removed while unsaved
                key={i}
                index={i}
                value={tt}
                error={error}
                onChange={(patch) => setType(i, patch)}
                onRemove={
                  !tt.id && form.ticketTypes.length > 1
                    ? () => set({ ticketTypes: form.ticketTypes.filter((_, j) => j !== i) })
                    : undefined
                }
              />
            ))}
            <Group justify="space-between">
              <Button
                variant="default"
                disabled={!canAddType(form)}
                onClick={() => set({ ticketTypes: [...form.ticketTypes, newTicketType(form.purchaseDeadline)] })}
              >
                {t('manage.addType')}
              </Button>
              <Button type="submit" loading={busy}>
                {event ? t('manage.save') : t('manage.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </DetailPage>
  );
}

/** One ticket type's fields, named as the API names them (`ticketTypes.0.price`). */
function TicketTypeFields(props: {
  index: number;
  value: TicketTypeForm;
  error: (field: string) => string | undefined;
  onChange: (patch: Partial<TicketTypeForm>) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const { index, value } = props;
  const n = index + 1;
  const field = (key: Exclude<keyof TicketTypeForm, 'id'>, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={t(`manage.fields.${label}`)}
      name={`ticketTypes.${index}.${key}`}
      required
      value={value[key]}
      error={props.error(`ticketTypes.${index}.${key}`)}
      onChange={(e) => props.onChange({ [key]: e.currentTarget.value })}
      {...extra}
    />
  );
  return (
    <Fieldset legend={t('manage.ticketType', { n })} data-testid="ticket-type-fields">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {field('name', 'ticketName', { maxLength: 100 })}
        {field('price', 'price', { inputMode: 'decimal' })}
        {field('discountPercent', 'discountPercent', { inputMode: 'numeric' })}
        {field('quantity', 'quantity', { inputMode: 'numeric' })}
        {field('salesStartAt', 'salesStartAt', { type: 'datetime-local' })}
        {field('salesEndAt', 'salesEndAt', { type: 'datetime-local' })}
      </SimpleGrid>
      {props.onRemove && (
        <Button variant="subtle" color="red" mt="sm" onClick={props.onRemove}>
          {t('manage.removeType', { n })}
        </Button>
      )}
    </Fieldset>
  );
}

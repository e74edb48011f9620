import { Card, Stack, Text, Textarea } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { paths } from '../../../api/openapi';
import { check, rules } from '../../../api/validate';
import { dateTime } from '../../../format';
import { useSubmit } from '../../Form';
import { Pager } from '../../Pager';
import { AdminForm, type Salon, SalonFrame } from './admin-parts';

type Review =
  paths['/api/instudio/salons/{id}/reviews']['get']['responses']['200']['content']['application/json']['items'][number];
const PER_PAGE = 10;

/** The salon's one reply to a review (POST); the API refuses a second and says so. */
function ReplyForm({ review }: { review: Review }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const send = async () => {
    const answer = await run(check({ text }, { text: [rules.required] }), () =>
      api.POST('/api/instudio/reviews/{id}/reply', {
        params: { path: { id: review.id } },
        body: { text: text.trim() },
      }),
    );
    if (!answer) return;
    await queries.invalidateQueries({ queryKey: ['salon-reviews', review.salonId] });
  };
  return (
    <AdminForm bare maw={560} errors={errors} busy={busy} submit={t('salonAdmin.review.send')} onSubmit={send}>
      <Textarea
        label={t('salonAdmin.review.reply')}
        name="text"
        required
        maxLength={2000}
        autosize
        minRows={2}
        value={text}
        error={error('text')}
        onChange={(e) => setText(e.currentTarget.value)}
      />
    </AdminForm>
  );
}

function ReviewsSection({ salon }: { salon: Salon }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const reviews = useQuery({
    queryKey: ['salon-reviews', salon.id, page],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/salons/{id}/reviews', {
        params: { path: { id: salon.id }, query: { page, pageSize: PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  const services = new Map(salon.services.map((sv) => [sv.id, sv.name]));
  const pages = Math.max(1, Math.ceil((reviews.data?.total ?? 0) / PER_PAGE));
  return (
    <>
      {reviews.isError && <Text c="red">{t('errors.generic')}</Text>}
      {reviews.data?.items.length === 0 && <Text>{t('salon.noReviews')}</Text>}
      {reviews.data?.items.map((r) => (
        <Card key={r.id} withBorder component="article" data-review={r.id}>
          <Stack gap="xs">
            <Text fw={600}>
              <span aria-hidden="true">{'★'.repeat(r.rating) + '☆'.repeat(5 - r.rating)}</span>{' '}
              {t('salon.stars', { rating: r.rating })}
            </Text>
            <Text size="sm" c="dimmed">
              {services.get(r.serviceId) ?? ''} · {dateTime(r.createdAt)}
            </Text>
            {r.text && <Text>{r.text}</Text>}
            {r.reply ? (
              <Text size="sm" pl="md" style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}>
                <b>{t('salon.reply')}:</b> {r.reply.text}
              </Text>
            ) : (
              <ReplyForm review={r} />
            )}
          </Stack>
        </Card>
      ))}
      <Pager page={page} pages={pages} go={setPage} />
    </>
  );
}

export default function Reviews() {
  return <SalonFrame section="reviews">{(salon) => <ReviewsSection salon={salon} />}</SalonFrame>;
}

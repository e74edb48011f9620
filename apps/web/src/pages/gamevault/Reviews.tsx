import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe, useSignedIn } from '../../api/me';
import type { paths } from '../../api/openapi';
import { check, rules } from '../../api/validate';
import { dateTime } from '../../format';
import { PageForm, useSubmit } from '../Form';
import { Pager } from '../Pager';

type Review =
  paths['/api/gamevault/products/{id}/reviews']['get']['responses']['200']['content']['application/json']['items'][number];
type MyReview =
  paths['/api/gamevault/products/{id}/my-review']['get']['responses']['200']['content']['application/json'];

const PER_PAGE = 10;
/** The API's limit on a review's text. */
const MAX_TEXT = 10_000;

const reviewsKey = (productId: string) => ['gamevault-reviews', productId] as const;
const myReviewKey = (productId: string) => ['gamevault-my-review', productId] as const;

/** One to five stars, read aloud as "4 de 5". */
export function Stars({ rating }: { rating: number }) {
  const { t } = useTranslation();
  return (
    <Text fw={600} span>
      <span aria-hidden="true">{'★'.repeat(rating) + '☆'.repeat(5 - rating)}</span>{' '}
      {t('gamevault.reviews.stars', { rating })}
    </Text>
  );
}

/**
 * A product's reviews: the approved ones (newest or most helpful first, with a helpful vote for
 * signed-in readers), and for a signed-in reader their own review in any status (a pending one
 * says it awaits moderation) or, when the API says they may (a kept purchase), the form to write one.
 */
export function ProductReviews({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<'newest' | 'helpful'>('newest');
  const reviews = useQuery({
    queryKey: [...reviewsKey(productId), sort, page],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/products/{id}/reviews', {
        params: { path: { id: productId }, query: { page, pageSize: PER_PAGE, sort } },
      });
      if (error) throw error;
      return data;
    },
  });
  const mine = useQuery({
    queryKey: myReviewKey(productId),
    enabled: signedIn,
    // A pending review is decided by the moderation worker in a moment: ask again until it is.
    refetchInterval: (q) => (q.state.data?.review?.status === 'pending' ? 2_000 : false),
    queryFn: async (): Promise<MyReview> => {
      const { data, error } = await api.GET('/api/gamevault/products/{id}/my-review', {
        params: { path: { id: productId } },
      });
      if (error) throw error;
      return data;
    },
  });
  const queries = useQueryClient();
  const own = mine.data?.review;
  return (
    <Stack component="section" gap="sm" aria-labelledby="product-reviews" data-testid="reviews">
      <Title id="product-reviews" order={2} size="h4">
        {t('gamevault.reviews.title')}
      </Title>
      {own && (
        <Alert
          color={own.status === 'approved' ? 'green' : own.status === 'rejected' ? 'red' : 'blue'}
          data-testid="my-review"
          data-status={own.status}
        >
          <Text fw={600}>{t('gamevault.reviews.yours')}</Text>
          <Stars rating={own.rating} /> · {t(`gamevault.reviews.status.${own.status}`)}
          <Text size="sm">{own.text}</Text>
        </Alert>
      )}
      {mine.data?.canReview && (
        <WriteReview
          productId={productId}
          done={() => {
            void queries.invalidateQueries({ queryKey: myReviewKey(productId) });
            void queries.invalidateQueries({ queryKey: reviewsKey(productId) });
          }}
        />
      )}
      <PagedList
        select={{
          label: t('gamevault.reviews.sort'),
          name: 'reviewSort',
          value: sort,
          options: [
            { value: 'newest', label: t('gamevault.reviews.newest') },
            { value: 'helpful', label: t('gamevault.reviews.helpfulFirst') },
          ],
          change: (v) => {
            setSort(v === 'helpful' ? 'helpful' : 'newest');
            setPage(1);
          },
        }}
        result={reviews}
        empty={<Text data-testid="no-reviews">{t('gamevault.reviews.none')}</Text>}
        item={(r) => <ReviewCard key={r.id} review={r} productId={productId} />}
        page={page}
        pageSize={PER_PAGE}
        go={setPage}
      />
    </Stack>
  );
}

function ReviewCard({ review, productId }: { review: Review; productId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queries = useQueryClient();
  const [voted, setVoted] = useState<number>();
  const [refused, setRefused] = useState(false);
  const vote = async () => {
    const { data } = await api.POST('/api/gamevault/reviews/{id}/helpful', { params: { path: { id: review.id } } });
    if (data) {
      setVoted(data.helpfulCount);
      void queries.invalidateQueries({ queryKey: reviewsKey(productId) });
    } else setRefused(true);
  };
  const mayVote = me.data && me.data.id !== review.authorId && voted === undefined && !refused;
  return (
    <Card withBorder component="article" data-review={review.id}>
      <Stack gap={4}>
        <Group gap="xs">
          <Stars rating={review.rating} />
          <Text size="sm" c="dimmed">
            {dateTime(review.createdAt)}
          </Text>
        </Group>
        <Text style={{ whiteSpace: 'pre-line' }}>{review.text}</Text>
        <Group gap="xs">
          <Badge variant="light" data-testid="helpful-count">
            {t('gamevault.reviews.helpfulCount', { count: voted ?? review.helpfulCount })}
          </Badge>
          {mayVote && (
            <Button size="compact-sm" variant="subtle" onClick={() => void vote()}>
              {t('gamevault.reviews.helpful')}
            </Button>
          )}
          {refused && (
            <Text size="sm" c="dimmed">
              {t('gamevault.reviews.voteRefused')}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/** The buyer's review: stars and text, saved pending until moderation decides it. */
function WriteReview({ productId, done }: { productId: string; done: () => void }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState('5');
  const [text, setText] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const send = async () => {
    const answer = await run(check({ text }, { text: [rules.required] }), () =>
      api.POST('/api/gamevault/products/{id}/reviews', {
        params: { path: { id: productId } },
        body: { rating: Number(rating), text: text.trim() },
      }),
    );
    if (answer) done();
  };
  return (
    <Card withBorder data-testid="write-review">
      <PageForm onSubmit={() => void send()} errors={errors} gap="sm">
        <Text fw={600}>{t('gamevault.reviews.write')}</Text>
        <NativeSelect
          label={t('gamevault.reviews.rating')}
          name="rating"
          value={rating}
          error={error('rating')}
          onChange={(e) => setRating(e.currentTarget.value)}
          data={['5', '4', '3', '2', '1'].map((v) => ({
            value: v,
            label: t('gamevault.reviews.stars', { rating: v }),
          }))}
        />
        <Textarea
          label={t('gamevault.reviews.text')}
          name="text"
          required
          maxLength={MAX_TEXT}
          autosize
          minRows={3}
          value={text}
          error={error('text')}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Text size="sm" c="dimmed">
          {t('gamevault.reviews.moderated')}
        </Text>
        <Button type="submit" loading={busy}>
          {t('gamevault.reviews.send')}
        </Button>
      </PageForm>
    </Card>
  );
}

/** The seller's rating over every approved review of their products (community's sellers' ratings). */
export function SellerRatingLine({ sellerId }: { sellerId: string }) {
  const { t } = useTranslation();
  const rating = useQuery({
    queryKey: ['gamevault-seller-rating', sellerId],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/sellers/{id}/rating', {
        params: { path: { id: sellerId } },
      });
      if (error) throw error;
      return data;
    },
  });
  const r = rating.data;
  if (!r) return null;
  return (
    <Text size="sm" data-testid="seller-rating">
      {r.rating === null
        ? t('gamevault.reviews.sellerUnrated')
        : t('gamevault.reviews.seller', { rating: r.rating.toFixed(1), count: r.ratingCount })}
    </Text>
  );
}

/**
 * Reviews by pages under one select (their order, or the moderation queue): the select, the
 * reviews or why there are none, the pager.
 */
export function PagedList<T>(props: {
  select: {
    label: string;
    name: string;
    value: string;
    options: { value: string; label: string }[];
    change: (value: string) => void;
  };
  result: { data?: { items: readonly T[]; total: number }; isError: boolean };
  empty: ReactNode;
  item: (item: T) => ReactNode;
  page: number;
  pageSize: number;
  go: (page: number) => void;
}) {
  const { t } = useTranslation();
  const { select, result } = props;
  const pages = Math.max(1, Math.ceil((result.data?.total ?? 0) / props.pageSize));
  return (
    <>
      <NativeSelect
        label={select.label}
        name={select.name}
        maw={240}
        value={select.value}
        onChange={(e) => select.change(e.currentTarget.value)}
        data={select.options}
      />
      {result.isError && <Text c="red">{t('errors.generic')}</Text>}
      {result.data?.items.length === 0 && props.empty}
      {result.data?.items.map(props.item)}
      <Pager page={props.page} pages={pages} go={props.go} />
    </>
  );
}

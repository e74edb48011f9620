import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe, useSignedIn } from '../../api/me';
import type { paths } from '../../api/openapi';
import { check, rules } from '../../api/validate';
import { dateTime } from '../../format';
import { PageForm, useSubmit } from '../Form';
import { SignInFirst, useGameVault } from './parts';
import { PagedList, Stars } from './Reviews';

type Review =
  paths['/api/gamevault/moderation/reviews']['get']['responses']['200']['content']['application/json']['items'][number];
type Status = 'flagged' | 'pending';

const PER_PAGE = 20;
/** Who moderates (the API's rule): GameVault's admins and platform admins. */
const MODERATORS = ['gamevault_admin', 'platform_admin'];
const QUEUE_KEY = ['gamevault-moderation'] as const;

/**
 * The moderators' queue (`/gamevault/moderation`): reviews a blacklisted word held back
 * (flagged), or the ones still pending, oldest first; each approved (public at once) or
 * rejected with a reason.
 */
export default function Moderation() {
  const { t } = useTranslation();
  useGameVault();
  const signedIn = useSignedIn();
  const me = useMe();
  const moderator = me.data?.roles.some((r) => MODERATORS.includes(r)) ?? false;
  const [status, setStatus] = useState<Status>('flagged');
  const [page, setPage] = useState(1);
  const queue = useQuery({
    queryKey: [...QUEUE_KEY, status, page],
    enabled: moderator,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/moderation/reviews', {
        params: { query: { status, page, pageSize: PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  if (!signedIn) return <SignInFirst message={t('gamevault.moderation.signInFirst')} />;
  if (me.data && !moderator) return <Alert color="red">{t('gamevault.moderation.forbidden')}</Alert>;
  return (
    <Stack maw={880} mx="auto">
      <Title order={1}>{t('gamevault.moderation.title')}</Title>
      <PagedList
        select={{
          label: t('gamevault.moderation.status'),
          name: 'status',
          value: status,
          options: [
            { value: 'flagged', label: t('gamevault.reviews.status.flagged') },
            { value: 'pending', label: t('gamevault.reviews.status.pending') },
          ],
          change: (v) => {
            setStatus(v === 'pending' ? 'pending' : 'flagged');
            setPage(1);
          },
        }}
        result={queue}
        empty={<Text data-testid="queue-empty">{t('gamevault.moderation.empty')}</Text>}
        item={(r) => <QueuedReview key={r.id} review={r} />}
        page={page}
        pageSize={PER_PAGE}
        go={setPage}
      />
    </Stack>
  );
}

function QueuedReview({ review }: { review: Review }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const settle = () => queries.invalidateQueries({ queryKey: QUEUE_KEY });
  const approve = async () => {
    const answer = await run({}, () =>
      api.POST('/api/gamevault/moderation/reviews/{id}/approve', { params: { path: { id: review.id } } }),
    );
    if (answer) await settle();
  };
  const reject = async () => {
    const answer = await run(check({ reason }, { reason: [rules.required] }), () =>
      api.POST('/api/gamevault/moderation/reviews/{id}/reject', {
        params: { path: { id: review.id } },
        body: { reason: reason.trim() },
      }),
    );
    if (answer) await settle();
  };
  return (
    <Card withBorder component="article" data-review={review.id}>
      <Stack gap="xs">
        <Group gap="xs">
          <Stars rating={review.rating} />
          <Text size="sm" c="dimmed">
            {dateTime(review.createdAt)}
          </Text>
        </Group>
        <Text style={{ whiteSpace: 'pre-line' }}>{review.text}</Text>
        <PageForm onSubmit={() => void reject()} errors={errors} gap="xs">
          <TextInput
            label={t('gamevault.moderation.reason')}
            name="reason"
            maxLength={500}
            value={reason}
            error={error('reason')}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group>
            <Button type="button" color="green" loading={busy} onClick={() => void approve()}>
              {t('gamevault.moderation.approve')}
            </Button>
            <Button type="submit" color="red" variant="light" loading={busy}>
              {t('gamevault.moderation.reject')}
            </Button>
          </Group>
        </PageForm>
      </Stack>
    </Card>
  );
}

import { Anchor, Button, Card, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { check, rules } from '../../api/validate';
import { dateTime } from '../../format';
import { PageForm, useSubmit } from '../Form';
import { Pager } from '../Pager';
import { SignInFirst, useGameVault } from './parts';

const PER_PAGE = 20;
export const THREADS_KEY = ['gamevault-threads'] as const;

/** The forums (`/gamevault/forums`): threads, most recently active first, and a new thread for signed-in users. */
export default function Forums() {
  const { t } = useTranslation();
  useGameVault();
  const signedIn = useSignedIn();
  const [page, setPage] = useState(1);
  const threads = useQuery({
    queryKey: [...THREADS_KEY, page],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/forums/threads', {
        params: { query: { page, pageSize: PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  const pages = Math.max(1, Math.ceil((threads.data?.total ?? 0) / PER_PAGE));
  return (
    <Stack maw={880} mx="auto">
      <Title order={1}>{t('gamevault.forums.title')}</Title>
      {signedIn ? <NewThread /> : <SignInFirst message={t('gamevault.forums.signInFirst')} />}
      {threads.isError && <Text c="red">{t('errors.generic')}</Text>}
      {threads.data?.items.length === 0 && <Text data-testid="no-threads">{t('gamevault.forums.none')}</Text>}
      {threads.data?.items.map((th) => (
        <Card key={th.id} withBorder component="article" data-thread={th.id}>
          <Anchor component={Link} to={`/gamevault/forums/${th.id}`} fw={600}>
            {th.title}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t('gamevault.forums.posts', { count: th.postCount })} · {dateTime(th.lastPostAt)}
          </Text>
        </Card>
      ))}
      <Pager page={page} pages={pages} go={setPage} />
    </Stack>
  );
}

function NewThread() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const send = async () => {
    const answer = await run(check({ title, body }, { title: [rules.required], body: [rules.required] }), () =>
      api.POST('/api/gamevault/forums/threads', { body: { title: title.trim(), body: body.trim() } }),
    );
    if (!answer?.data) return;
    void queries.invalidateQueries({ queryKey: THREADS_KEY });
    void navigate(`/gamevault/forums/${answer.data.id}`);
  };
  return (
    <Card withBorder data-testid="new-thread">
      <PageForm onSubmit={() => void send()} errors={errors} gap="sm">
        <Text fw={600}>{t('gamevault.forums.new')}</Text>
        <TextInput
          label={t('gamevault.forums.threadTitle')}
          name="title"
          required
          maxLength={200}
          value={title}
          error={error('title')}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Textarea
          label={t('gamevault.forums.body')}
          name="body"
          required
          maxLength={10_000}
          autosize
          minRows={3}
          value={body}
          error={error('body')}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Button type="submit" loading={busy} w="fit-content">
          {t('gamevault.forums.create')}
        </Button>
      </PageForm>
    </Card>
  );
}

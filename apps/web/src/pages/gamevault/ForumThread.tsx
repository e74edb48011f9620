import { Button, Card, Stack, Text, Textarea } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { check, isUuid, rules } from '../../api/validate';
import { dateTime } from '../../format';
import { DetailPage, ItemPending } from '../DetailPage';
import { PageForm, useSubmit } from '../Form';
import { Pager } from '../Pager';
import { THREADS_KEY } from './Forums';
import { SignInFirst, useGameVault } from './parts';

const PER_PAGE = 20;

/** A forum thread (`/gamevault/forums/:id`): its opening text, its posts oldest first, and a reply. */
export default function ForumThread() {
  const { t } = useTranslation();
  useGameVault();
  const id = useParams().id ?? '';
  const signedIn = useSignedIn();
  const [page, setPage] = useState(1);
  const thread = useQuery({
    queryKey: ['gamevault-thread', id],
    enabled: isUuid(id),
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/gamevault/forums/threads/{id}', {
        params: { path: { id } },
      });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
  const posts = useQuery({
    queryKey: ['gamevault-posts', id, page],
    enabled: isUuid(id),
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/forums/threads/{id}/posts', {
        params: { path: { id }, query: { page, pageSize: PER_PAGE } },
      });
      if (error) throw error;
      return data;
    },
  });
  const th = thread.data;
  if (!th) return <ItemPending valid={isUuid(id)} query={thread} />;
  const pages = Math.max(1, Math.ceil((posts.data?.total ?? 0) / PER_PAGE));
  return (
    <DetailPage back="/gamevault/forums" backLabel={t('gamevault.forums.title')} title={th.title} maw={880}>
      <Text style={{ whiteSpace: 'pre-line' }}>{th.body}</Text>
      <Text size="sm" c="dimmed">
        {dateTime(th.createdAt)}
      </Text>
      <Stack component="section" aria-label={t('gamevault.forums.replies')} data-testid="posts" gap="xs">
        {posts.data?.items.map((p) => (
          <Card key={p.id} withBorder component="article" data-post={p.id}>
            <Text style={{ whiteSpace: 'pre-line' }}>{p.body}</Text>
            <Text size="xs" c="dimmed">
              {dateTime(p.createdAt)}
            </Text>
          </Card>
        ))}
        <Pager page={page} pages={pages} go={setPage} />
      </Stack>
      {signedIn ? <Reply threadId={th.id} /> : <SignInFirst message={t('gamevault.forums.signInFirst')} />}
    </DetailPage>
  );
}

function Reply({ threadId }: { threadId: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [body, setBody] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const send = async () => {
    const answer = await run(check({ body }, { body: [rules.required] }), () =>
      api.POST('/api/gamevault/forums/threads/{id}/posts', {
        params: { path: { id: threadId } },
        body: { body: body.trim() },
      }),
    );
    if (!answer) return;
    setBody('');
    void queries.invalidateQueries({ queryKey: ['gamevault-posts', threadId] });
    void queries.invalidateQueries({ queryKey: THREADS_KEY });
  };
  return (
    <PageForm onSubmit={() => void send()} errors={errors} gap="sm">
      <Textarea
        label={t('gamevault.forums.reply')}
        name="body"
        required
        maxLength={10_000}
        autosize
        minRows={2}
        value={body}
        error={error('body')}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <Button type="submit" loading={busy} w="fit-content">
        {t('gamevault.forums.send')}
      </Button>
    </PageForm>
  );
}

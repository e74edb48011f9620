import { Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type InfiniteData, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useMe, useSignedIn } from '../../api/me';
import { dateTime } from '../../format';
import { useUrlFilters } from '../url-filters';
import { type Message, SignInToChat, useUserName } from './parts';

interface SearchPage {
  items: Message[];
  hasMore: boolean;
}

const PER_PAGE = 20;

/** Full-text search in the caller's conversations (the text in the URL, `?q=`), best match first. */
export default function Search() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const name = useUserName(useMe().data?.id);
  const { value, update } = useUrlFilters(['q'] as const);
  const q = value('q').trim();
  const results = useInfiniteQuery<SearchPage, Error, InfiniteData<SearchPage, number>, string[], number>({
    queryKey: ['chat-search', q],
    enabled: signedIn && q.length >= 2,
    placeholderData: keepPreviousData,
    initialPageParam: 0,
    getNextPageParam: (last, all) => (last.hasMore ? all.length * PER_PAGE : undefined),
    queryFn: async ({ pageParam }): Promise<SearchPage> => {
      const { data, error } = await api.GET('/api/chat/search', {
        params: { query: { q, limit: PER_PAGE, offset: pageParam } },
      });
      if (error) throw error;
      return data;
    },
  });
  if (!signedIn) return <SignInToChat />;
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack maw={720} mx="auto">
      <Anchor component={Link} to="/chat" size="sm">
        ← {t('chat.conversation.back')}
      </Anchor>
      <Title order={1} size="h2">
        {t('chat.search.title')}
      </Title>
      <TextInput
        label={t('chat.search.query')}
        name="q"
        type="search"
        value={value('q')}
        error={q.length === 1 ? t('chat.search.tooShort') : undefined}
        onChange={(e) => update({ q: e.currentTarget.value })}
      />
      {results.isError && <Text c="red">{t('errors.generic')}</Text>}
      {q.length >= 2 && results.isSuccess && items.length === 0 && (
        <Text data-testid="no-results">{t('chat.search.none')}</Text>
      )}
      {items.map((m) => (
        <Card key={m.id} withBorder component="article" data-result={m.id}>
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              {name(m.senderId)}
            </Text>
            <Text size="xs" c="dimmed">
              {dateTime(m.createdAt)}
            </Text>
          </Group>
          <Text data-testid="result-text">{m.text}</Text>
          <Anchor component={Link} to={`/chat/${m.conversationId}`} size="sm">
            {t('chat.search.open')}
          </Anchor>
        </Card>
      ))}
      {results.hasNextPage && (
        <Group>
          <Button variant="light" onClick={() => void results.fetchNextPage()}>
            {t('chat.search.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

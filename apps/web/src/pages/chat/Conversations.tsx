import { Anchor, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useMe, useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { dateTime } from '../../format';
import { PageForm, useSubmit } from '../Form';
import { AdSlot } from './ads';
import { type Conversation, POLL_MS, SignInToChat, usePageVisible, useUserName } from './parts';

/** The caller's conversations, most recently active first, with unread counts; and a form to start one. */
export default function Conversations() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const me = useMe();
  const visible = usePageVisible();
  const name = useUserName(me.data?.id);
  const list = useQuery({
    queryKey: ['chat-conversations'],
    enabled: signedIn,
    refetchInterval: visible ? POLL_MS : false,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/chat/conversations');
      if (error) throw error;
      return data;
    },
  });
  if (!signedIn) return <SignInToChat />;
  const lastText = (m: NonNullable<Conversation['lastMessage']>) =>
    m.deletedAt ? t('chat.conversation.deleted') : (m.text ?? (m.mediaId ? t('chat.media.file') : ''));
  const title = (c: Conversation) =>
    c.title ??
    (c.kind === 'direct'
      ? t('chat.list.direct', { name: name(c.memberIds.find((m) => m !== me.data?.id) ?? c.createdBy) })
      : t('chat.list.group'));
  return (
    <Stack maw={720} mx="auto">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('chat.list.title')}
        </Title>
        <Group gap="md">
          <Anchor component={Link} to="/chat/channels">
            {t('chat.channels.link')}
          </Anchor>
          <Anchor component={Link} to="/chat/search">
            {t('chat.list.search')}
          </Anchor>
        </Group>
      </Group>
      {me.data && (
        <Text size="sm" data-testid="my-id">
          {t('chat.list.yourId', { id: me.data.id })}
        </Text>
      )}
      <StartConversation />
      <AdSlot placement="chat-list" />
      {list.isError && <Text c="red">{t('errors.generic')}</Text>}
      {list.data?.items.length === 0 && <Text data-testid="no-conversations">{t('chat.list.none')}</Text>}
      {list.data?.items.map((c) => (
        <Card key={c.id} withBorder component="article" data-conversation={c.id}>
          <Group justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={`/chat/${c.id}`} fw={600}>
              {title(c)}
            </Anchor>
            {c.unread > 0 && (
              <Badge color="indigo" data-testid="unread">
                {t('chat.list.unread', { count: c.unread })}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" lineClamp={1}>
            {c.lastMessage
              ? `${name(c.lastMessage.senderId)}: ${lastText(c.lastMessage)} · ${dateTime(c.lastMessage.createdAt)}`
              : t('chat.list.noMessages')}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

/** Start a conversation by the other users' ids: one id is a 1:1 (the same pair always gets the same one), more a group. */
function StartConversation() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [members, setMembers] = useState('');
  const [title, setTitle] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const ids = members
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const submit = async () => {
    const broken: Record<string, string> =
      ids.length === 0 || !ids.every(isUuid) ? { memberIds: t('chat.start.invalidIds') } : {};
    const answer = await run(broken, () =>
      api.POST('/api/chat/conversations', {
        body: { memberIds: ids, ...(ids.length > 1 && title.trim() ? { title: title.trim() } : {}) },
      }),
    );
    if (answer?.data) void navigate(`/chat/${answer.data.id}`);
  };
  return (
    <Card withBorder component="section" aria-label={t('chat.start.title')}>
      <PageForm onSubmit={() => void submit()} errors={errors} gap="xs">
        <Title order={2} size="h4">
          {t('chat.start.title')}
        </Title>
        <TextInput
          label={t('chat.start.members')}
          description={t('chat.start.membersHelp')}
          name="memberIds"
          value={members}
          error={error('memberIds') ?? error('memberIds.0')}
          onChange={(e) => setMembers(e.currentTarget.value)}
        />
        {ids.length > 1 && (
          <TextInput
            label={t('chat.start.groupTitle')}
            name="title"
            value={title}
            error={error('title')}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t('chat.start.submit')}
          </Button>
        </Group>
      </PageForm>
    </Card>
  );
}

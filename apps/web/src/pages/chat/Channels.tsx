import { Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useMe, useSignedIn } from '../../api/me';
import { dateTime, money } from '../../format';
import { PageForm, useSubmit } from '../Form';
import { AdSlot } from './ads';
import { SignInToChat } from './parts';
import { chatSocket } from './socket';

type Channel = NonNullable<Awaited<ReturnType<typeof api.GET<'/api/chat/channels', object>>>['data']>['items'][number];

/** Channels: the list with the caller's subscription (subscribe, mute, leave), a form to create one, and one channel's feed. */
export default function Channels() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [open, setOpen] = useState<string | undefined>(undefined);
  const list = useQuery({
    queryKey: ['chat-channels'],
    enabled: signedIn,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/chat/channels', { params: { query: { limit: 50 } } });
      if (error) throw error;
      return data;
    },
  });
  if (!signedIn) return <SignInToChat />;
  const opened = list.data?.items.find((c) => c.id === open);
  return (
    <Stack maw={720} mx="auto" data-testid="channels">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('chat.channels.title')}
        </Title>
        <Anchor component={Link} to="/chat">
          {t('chat.conversation.back')}
        </Anchor>
      </Group>
      <CreateChannel onCreated={(id) => void list.refetch().then(() => setOpen(id))} />
      <AdSlot placement="channel-feed" />
      {list.isError && <Text c="red">{t('errors.generic')}</Text>}
      {list.data?.items.length === 0 && <Text>{t('chat.channels.none')}</Text>}
      {list.data?.items.map((c) => (
        <ChannelCard key={c.id} channel={c} onChange={() => void list.refetch()} onOpen={() => setOpen(c.id)} />
      ))}
      {opened && <Feed channel={opened} />}
    </Stack>
  );
}

function ChannelCard(props: { channel: Channel; onChange: () => void; onOpen: () => void }) {
  const { t } = useTranslation();
  const c = props.channel;
  const sub = c.subscription;
  const path = { params: { path: { id: c.id } } };
  const subscribe = async (muted?: boolean) => {
    await api.PUT('/api/chat/channels/{id}/subscription', {
      ...path,
      body: {
        ...(muted === undefined ? {} : { muted }),
        ...(c.monthlyPriceCents !== null && !sub ? { paymentMethod: 'pm_card_visa' } : {}),
      },
    });
    props.onChange();
  };
  const leave = async () => {
    await api.DELETE('/api/chat/channels/{id}/subscription', path);
    props.onChange();
  };
  return (
    <Card withBorder component="article" data-channel={c.id} data-subscribed={sub !== null}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{c.title}</Text>
        <Group gap="xs">
          {c.monthlyPriceCents !== null && (
            <Badge variant="outline" color="dark">
              {t('chat.channels.price', { price: money(c.monthlyPriceCents) })}
            </Badge>
          )}
          {sub?.muted && (
            <Badge variant="outline" color="dark" data-testid="muted">
              {t('chat.channels.muted')}
            </Badge>
          )}
        </Group>
      </Group>
      {c.description && <Text size="sm">{c.description}</Text>}
      <Text size="sm">{t('chat.channels.subscribers', { count: c.subscribers })}</Text>
      <Group gap="xs">
        <Button size="compact-sm" variant="light" onClick={props.onOpen}>
          {t('chat.channels.open')}
        </Button>
        {sub ? (
          <>
            <Button size="compact-sm" variant="subtle" onClick={() => void subscribe(!sub.muted)}>
              {sub.muted ? t('chat.channels.unmute') : t('chat.channels.mute')}
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={() => void leave()}>
              {t('chat.channels.unsubscribe')}
            </Button>
          </>
        ) : (
          <Button size="compact-sm" onClick={() => void subscribe()}>
            {t('chat.channels.subscribe')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

function CreateChannel({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const submit = async () => {
    const broken: Record<string, string> = title.trim() ? {} : { title: t('chat.channels.titleRequired') };
    const answer = await run(broken, () =>
      api.POST('/api/chat/channels', { body: { title: title.trim(), description: description.trim() } }),
    );
    if (answer?.data) {
      setTitle('');
      setDescription('');
      onCreated(answer.data.id);
    }
  };
  return (
    <Card withBorder component="section" aria-label={t('chat.channels.create')}>
      <PageForm onSubmit={() => void submit()} errors={errors} gap="xs">
        <Title order={2} size="h4">
          {t('chat.channels.create')}
        </Title>
        <TextInput
          label={t('chat.channels.name')}
          name="title"
          value={title}
          error={error('title')}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <TextInput
          label={t('chat.channels.description')}
          name="description"
          value={description}
          error={error('description')}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t('chat.channels.submit')}
          </Button>
        </Group>
      </PageForm>
    </Card>
  );
}

/** A channel's posts, newest first (refetched when the socket tells of a new one); its owner publishes here. */
function Feed({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const me = useMe().data?.id;
  const posts = useQuery({
    queryKey: ['chat-channel-posts', channel.id],
    queryFn: async () => {
      const { data, response } = await api.GET('/api/chat/channels/{id}/posts', {
        params: { path: { id: channel.id }, query: { limit: 50 } },
      });
      return { items: data?.items ?? [], paid: response.status === 402 };
    },
  });
  const { refetch } = posts;
  useEffect(
    () =>
      chatSocket.listen((frame) => {
        if (frame.type === 'channel.post' && frame.channelId === channel.id) void refetch();
      }),
    [channel.id, refetch],
  );
  const [text, setText] = useState('');
  const { errors, busy, error, run } = useSubmit();
  const publish = async () => {
    const broken: Record<string, string> = text.trim() ? {} : { text: t('chat.channels.postRequired') };
    const answer = await run(broken, () =>
      api.POST('/api/chat/channels/{id}/posts', {
        params: { path: { id: channel.id } },
        body: { text: text.trim() },
      }),
    );
    if (answer?.data) {
      setText('');
      void refetch();
    }
  };
  return (
    <Card withBorder component="section" aria-label={channel.title} data-testid="feed">
      <Title order={2} size="h4">
        {channel.title}
      </Title>
      {channel.ownerId === me && (
        <PageForm onSubmit={() => void publish()} errors={errors} gap="xs">
          <Textarea
            label={t('chat.channels.post')}
            name="post"
            value={text}
            error={error('text')}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('chat.channels.publish')}
            </Button>
          </Group>
        </PageForm>
      )}
      {posts.data?.paid && <Text>{t('chat.channels.paidOnly')}</Text>}
      {posts.data?.items.length === 0 && <Text>{t('chat.channels.noPosts')}</Text>}
      <Stack gap="xs" mt="sm">
        {posts.data?.items.map((p) => (
          <Card key={p.id} withBorder padding="xs" component="article" data-post={p.id}>
            <Text size="xs">{dateTime(p.createdAt)}</Text>
            <Text data-testid="post-text">{p.text}</Text>
          </Card>
        ))}
      </Stack>
    </Card>
  );
}

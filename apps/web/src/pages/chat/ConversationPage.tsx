import { Button, Card, Group, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { useMe, useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { cents, dateTime, money } from '../../format';
import { DetailPage, ItemPending } from '../DetailPage';
import { PageForm, useSubmit } from '../Form';
import { type Attached, MediaAttach } from './attach';
import { MediaBox } from './media';
import {
  type Conversation,
  type Message,
  mergeMessages,
  PaymentBadge,
  SignInToChat,
  useConversationUpdates,
  usePageVisible,
  usePresence,
  useUserName,
} from './parts';

/** A message being sent: its clientId is kept, so a retry answers the stored message instead of a second one. */
interface Outgoing {
  clientId: string;
  text: string;
  /** An attached file (uploaded already): its id and name. */
  media?: Attached;
  failed: boolean;
}

/**
 * A conversation: its history (the newest page, then older pages on demand), new messages,
 * edits and typing live from the chat socket (polled while it is closed: useConversationUpdates),
 * the partner's presence in a 1:1, the send box, one's own messages edited and deleted, the
 * read receipt moved to the newest message seen, and money sent to a member.
 */
export default function ConversationPage() {
  const id = useParams().id ?? '';
  const signedIn = useSignedIn();
  const conversation = useQuery({
    queryKey: ['chat-conversation', id],
    enabled: isUuid(id) && signedIn,
    queryFn: async (): Promise<Conversation | null> => {
      const { data, error, response } = await api.GET('/api/chat/conversations/{id}', { params: { path: { id } } });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
  if (!signedIn && isUuid(id)) return <SignInToChat />;
  const c = conversation.data;
  if (!c) return <ItemPending valid={isUuid(id)} query={conversation} />;
  return <ConversationView conversation={c} />;
}

function ConversationView({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = useMe().data?.id;
  const name = useUserName(me);
  const visible = usePageVisible();
  const [messages, setMessages] = useState<Message[] | undefined>(undefined);
  const [olderExist, setOlderExist] = useState(false);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const merge = (incoming: Message[]) => {
    setMessages((current) => mergeMessages(current ?? [], incoming));
    const sent = new Set(incoming.map((m) => m.clientId));
    setOutgoing((o) => o.filter((x) => !sent.has(x.clientId)));
  };
  useEffect(() => {
    void api
      .GET('/api/chat/conversations/{id}/messages', { params: { path: { id: c.id }, query: { limit: 50 } } })
      .then(({ data }) => {
        if (!data) return;
        setMessages((current) => mergeMessages(current ?? [], data.items));
        setOlderExist(data.hasMore);
      });
  }, [c.id]);
  const other = c.memberIds.find((m) => m !== me);
  const newest = messages?.at(-1)?.seq ?? 0;
  const pending = messages?.find((m) => m.payment?.status === 'pending');
  const since = messages === undefined ? undefined : pending ? Math.min(newest, pending.seq - 1) : newest;
  const { refresh, live, typing, notifyTyping, typingDone } = useConversationUpdates(c.id, since, merge, {
    meId: me,
    pollWhileLive: pending !== undefined,
  });
  const presence = usePresence(c.kind === 'direct' ? other : undefined);

  // The read receipt follows the newest message shown while the page is in view.
  const read = useRef(c.readSeq);
  useEffect(() => {
    if (!visible || newest <= read.current) return;
    read.current = newest;
    void api.POST('/api/chat/conversations/{id}/read', {
      params: { path: { id: c.id } },
      body: { upToSeq: newest },
    });
  }, [visible, newest, c.id]);

  const loadOlder = async () => {
    const before = messages?.[0]?.seq;
    if (!before) return;
    const { data } = await api.GET('/api/chat/conversations/{id}/messages', {
      params: { path: { id: c.id }, query: { before, limit: 50 } },
    });
    if (!data) return;
    merge(data.items);
    setOlderExist(data.hasMore);
  };

  const send = async (item: Outgoing) => {
    typingDone();
    setOutgoing((o) => [...o.filter((x) => x.clientId !== item.clientId), { ...item, failed: false }]);
    const { error } = await api
      .POST('/api/chat/conversations/{id}/messages', {
        params: { path: { id: c.id } },
        body: {
          clientId: item.clientId,
          ...(item.text ? { text: item.text } : {}),
          ...(item.media ? { mediaId: item.media.id } : {}),
        },
      })
      .catch(() => ({ error: true }));
    if (error) setOutgoing((o) => o.map((x) => (x.clientId === item.clientId ? { ...x, failed: true } : x)));
    else refresh();
  };

  return (
    <DetailPage
      back="/chat"
      backLabel={t('chat.conversation.back')}
      title={
        c.title ??
        c.memberIds
          .filter((m) => m !== me)
          .map(name)
          .join(', ')
      }
      maw={760}
    >
      <Group gap="sm">
        <Text size="sm" c="dimmed">
          {t('chat.conversation.members', { count: c.memberIds.length })}
        </Text>
        {presence && (
          <Text size="sm" data-testid="presence" data-online={presence.online}>
            {presence.online
              ? t('chat.conversation.online')
              : presence.lastSeenAt
                ? t('chat.conversation.lastSeen', { when: dateTime(presence.lastSeenAt) })
                : t('chat.conversation.offline')}
          </Text>
        )}
        {c.kind === 'direct' && other && <BlockButton userId={other} />}
      </Group>
      {olderExist && (
        <Group>
          <Button variant="light" onClick={() => void loadOlder()}>
            {t('chat.conversation.loadOlder')}
          </Button>
        </Group>
      )}
      <Stack gap="xs" data-testid="history" data-live={live} aria-live="polite">
        {messages === undefined && <Text>{t('loading')}</Text>}
        {messages?.length === 0 && outgoing.length === 0 && <Text>{t('chat.conversation.empty')}</Text>}
        {messages?.map((m) => (
          <MessageCard
            key={m.id}
            message={m}
            mine={m.senderId === me}
            sender={name(m.senderId)}
            onChange={(updated) => merge([updated])}
          />
        ))}
        {outgoing.map((o) => (
          <Card key={o.clientId} withBorder padding="xs" data-outgoing={o.clientId}>
            {o.text && <Text>{o.text}</Text>}
            {o.media && <Text size="sm">{t('chat.media.attached', { name: o.media.name })}</Text>}
            {o.failed ? (
              <Group gap="xs">
                <Text size="sm" c="red.9" role="alert">
                  {t('chat.conversation.notSent')}
                </Text>
                <Button size="xs" variant="light" onClick={() => void send(o)}>
                  {t('chat.conversation.retry')}
                </Button>
              </Group>
            ) : (
              <Text size="xs" c="dimmed">
                {t('chat.conversation.sending')}
              </Text>
            )}
          </Card>
        ))}
      </Stack>
      <Text size="sm" c="dimmed" data-testid="typing" aria-live="polite" mih="1.5em">
        {typing.length > 0 && t('chat.conversation.typing', { names: typing.map(name).join(', ') })}
      </Text>
      <SendBox
        onSend={(text, media) => void send({ clientId: newIdempotencyKey(), text, media, failed: false })}
        onTyping={notifyTyping}
      />
      <SendMoney conversation={c} me={me} name={name} onSent={refresh} />
    </DetailPage>
  );
}

/** Block the other user of a 1:1 (they can no longer write here), or unblock them. */
function BlockButton({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const blocks = useQuery({
    queryKey: ['chat-blocks'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/chat/blocks');
      if (error) throw error;
      return data;
    },
  });
  if (!blocks.data) return null;
  const blocked = blocks.data.items.some((b) => b.userId === userId);
  const toggle = async () => {
    const path = { params: { path: { userId } } };
    await (blocked ? api.DELETE('/api/chat/blocks/{userId}', path) : api.PUT('/api/chat/blocks/{userId}', path));
    await blocks.refetch();
  };
  return (
    <Button size="compact-sm" variant="subtle" onClick={() => void toggle()}>
      {blocked ? t('chat.conversation.unblock') : t('chat.conversation.block')}
    </Button>
  );
}

function SendBox({ onSend, onTyping }: { onSend: (text: string, media?: Attached) => void; onTyping: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [media, setMedia] = useState<Attached | undefined>(undefined);
  const submit = () => {
    if (!text.trim() && !media) return;
    onSend(text.trim(), media);
    setText('');
    setMedia(undefined);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Group align="flex-end" wrap="nowrap">
        <Textarea
          style={{ flex: 1 }}
          label={t('chat.conversation.message')}
          name="text"
          autosize
          minRows={1}
          maxLength={4000}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (e.currentTarget.value.trim()) onTyping();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <Button type="submit">{t('chat.conversation.send')}</Button>
      </Group>
      <MediaAttach attached={media} onChange={setMedia} />
    </form>
  );
}

/** One message; one's own can be edited and deleted (a deleted one stays as a tombstone). */
function MessageCard(props: { message: Message; mine: boolean; sender: string; onChange: (m: Message) => void }) {
  const { t } = useTranslation();
  const m = props.message;
  const [editing, setEditing] = useState<string | null>(null);
  const path = { params: { path: { id: m.conversationId, messageId: m.id } } };
  const save = async () => {
    if (!editing?.trim()) return;
    const { data } = await api.PATCH('/api/chat/conversations/{id}/messages/{messageId}', {
      ...path,
      body: { text: editing.trim() },
    });
    if (data) props.onChange(data);
    setEditing(null);
  };
  const remove = async () => {
    const { error } = await api.DELETE('/api/chat/conversations/{id}/messages/{messageId}', path);
    if (!error) props.onChange({ ...m, text: null, deletedAt: new Date().toISOString() });
  };
  const deleted = m.deletedAt !== null;
  return (
    <Card withBorder padding="xs" component="article" data-message={m.id} data-seq={m.seq} data-mine={props.mine}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {props.sender}
        </Text>
        <Text size="xs" c="dimmed">
          {dateTime(m.createdAt)}
          {m.editedAt && !deleted && ` · ${t('chat.conversation.edited')}`}
        </Text>
      </Group>
      {m.payment && (
        <Group gap="xs" data-testid="payment">
          <Text fw={600}>
            {t('chat.payment.sent', { amount: money(m.payment.amountCents), to: m.payment.toUserId.slice(0, 8) })}
          </Text>
          <PaymentBadge status={m.payment.status} />
          {m.payment.reason && <Text size="xs">{m.payment.reason}</Text>}
        </Group>
      )}
      {editing !== null ? (
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={t('chat.conversation.edit')}
            name="edit"
            value={editing}
            onChange={(e) => setEditing(e.currentTarget.value)}
          />
          <Button size="xs" onClick={() => void save()}>
            {t('chat.conversation.save')}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setEditing(null)}>
            {t('chat.conversation.cancel')}
          </Button>
        </Group>
      ) : (
        (deleted || m.text) && (
          <Text data-testid="message-text" fs={deleted ? 'italic' : undefined} c={deleted ? 'dimmed' : undefined}>
            {deleted ? t('chat.conversation.deleted') : m.text}
          </Text>
        )
      )}
      {m.mediaId && !deleted && <MediaBox mediaId={m.mediaId} announced={m.mediaReady} />}
      {props.mine && !deleted && editing === null && m.kind === 'message' && (
        <Group gap="xs">
          {m.text !== null && (
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(m.text ?? '')}>
              {t('chat.conversation.edit')}
            </Button>
          )}
          <Button size="compact-xs" variant="subtle" onClick={() => void remove()}>
            {t('chat.conversation.delete')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

const METHODS = ['pm_card_visa', 'pm_card_chargeDeclined'] as const;

/** Money to another member by the sandbox card; one Idempotency-Key and clientId per attempt. */
function SendMoney(props: {
  conversation: Conversation;
  me: string | undefined;
  name: (id: string) => string;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const others = props.conversation.memberIds.filter((m) => m !== props.me);
  const [to, setTo] = useState(others[0] ?? '');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<string>(METHODS[0]);
  const [note, setNote] = useState('');
  const { errors, busy, error, run } = useSubmit();
  if (others.length === 0) return null;
  const submit = async () => {
    const amountCents = cents(amount);
    const broken: Record<string, string> =
      amountCents === undefined || amountCents < 100 || amountCents > 500_000
        ? { amountCents: t('chat.payment.amountRange') }
        : {};
    const key = newIdempotencyKey();
    const answer = await run(broken, () =>
      api.POST('/api/chat/conversations/{id}/payments', {
        params: { path: { id: props.conversation.id } },
        headers: { 'idempotency-key': key },
        body: {
          clientId: key,
          toUserId: to,
          amountCents: amountCents ?? 0,
          paymentMethod: method,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      }),
    );
    if (answer?.data) {
      setAmount('');
      setNote('');
      props.onSent();
    }
  };
  return (
    <Card withBorder component="section" aria-label={t('chat.payment.title')}>
      <PageForm onSubmit={() => void submit()} errors={errors} gap="xs">
        <Text fw={600}>{t('chat.payment.title')}</Text>
        <Group grow align="flex-start">
          <NativeSelect
            label={t('chat.payment.to')}
            name="toUserId"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            data={others.map((o) => ({ value: o, label: props.name(o) }))}
            error={error('toUserId')}
          />
          <TextInput
            label={t('chat.payment.amount')}
            name="amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={error('amountCents')}
          />
          <NativeSelect
            label={t('chat.payment.method')}
            name="paymentMethod"
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value)}
            data={METHODS.map((m) => ({ value: m, label: t(`chat.payment.methods.${m}`) }))}
          />
        </Group>
        <TextInput
          label={t('chat.payment.note')}
          name="note"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={error('note')}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t('chat.payment.submit')}
          </Button>
        </Group>
      </PageForm>
    </Card>
  );
}

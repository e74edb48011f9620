import { Alert, Anchor, Badge } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { signInPath } from '../access/return-to';
import './messages';
import { chatSocket } from './socket';

export type Conversation =
  paths['/api/chat/conversations/{id}']['get']['responses']['200']['content']['application/json'];
export type Message = NonNullable<Conversation['lastMessage']>;
export type PaymentStatus = NonNullable<Message['payment']>['status'];

/** How often the open conversation asks for what it missed while the chat socket is closed. */
export const POLL_MS = 3_000;

/** A user as the pages name them: "you", or the start of their id (the chat API knows users by id only). */
export function useUserName(meId: string | undefined) {
  const { t } = useTranslation();
  return (userId: string) => (userId === meId ? t('chat.conversation.you') : userId.slice(0, 8));
}

/** A link to sign in that comes back to this page. */
export function SignInToChat() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Alert color="blue" data-testid="sign-in-first">
      <Anchor component={Link} to={signInPath(location.pathname + location.search)}>
        {t('chat.list.signInFirst')}
      </Anchor>
    </Alert>
  );
}

/** A payment message's state as a badge the tests and screen readers can read. */
export function PaymentBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation();
  // Dark text on white meets WCAG AA at the badge's small size (Mantine's green 9 does not).
  const color = status === 'failed' ? 'red.9' : 'dark';
  return (
    <Badge variant="outline" color={color} data-testid="payment-status" data-status={status}>
      {t(`chat.payment.status.${status}`)}
    </Badge>
  );
}

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

/** Whether the page is in view (a hidden tab does not poll). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
}

/** How long a `typing` frame shows its user as typing, and how often typing here is told. */
const TYPING_SHOWN_MS = 5_000;
const TYPING_SENT_EVERY_MS = 3_000;

/** Whether the tab's chat socket is open and authenticated (the pages poll while it is not). */
export function useSocketLive(): boolean {
  return useSyncExternalStore(chatSocket.onReady, chatSocket.isReady);
}

/**
 * What changed in a conversation since `sinceSeq`, handed to `onMessages`. While the tab's chat
 * socket is live: `resume` when it opens (and reopens), then its `message`,
 * `message.edited`, `message.deleted` and `message.payment` frames (edits of older messages
 * too). The first resume gives `afterSeq` (the page read the history over HTTP); a reopen gives
 * `afterChange`, the newest change the socket told, so each missed edit or delete comes exactly once
 * (decision 0104); a `resync` (further behind than the change log keeps, 0116) reloads the newest
 * history and resumes after its `lastChange`. While it is closed: the history after `sinceSeq` every few seconds while the page is
 * visible. `refresh` asks the history at once (e.g. after sending). `sinceSeq` is the newest seq
 * the page has, or one before its oldest pending payment, so a payment's pending → paid/failed
 * is seen too; `pollWhileLive` keeps polling with the socket open (a pending payment: a resume
 * after a reconnect brings new messages, not updates of older ones). `typing` lists the other
 * members typing now; `notifyTyping` tells them the caller is (at most every few seconds),
 * `typingDone` ends a burst (a message was sent: the next keystroke is told at once).
 */
export function useConversationUpdates(
  conversationId: string,
  sinceSeq: number | undefined,
  onMessages: (messages: Message[]) => void,
  options: { meId?: string; pollWhileLive?: boolean } = {},
): { refresh: () => void; live: boolean; typing: string[]; notifyTyping: () => void; typingDone: () => void } {
  const visible = usePageVisible();
  const live = useSocketLive();
  const since = useRef(sinceSeq);
  since.current = sinceSeq;
  const deliver = useRef(onMessages);
  deliver.current = onMessages;
  const busy = useRef(false);
  const ready = sinceSeq !== undefined;
  const [typers, setTypers] = useState<Record<string, number>>({});
  /** The newest change position the socket told for this conversation (undefined: none yet). */
  const lastChange = useRef<number | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new conversation starts with no change seen.
  useEffect(() => {
    lastChange.current = undefined;
  }, [conversationId]);
  const poll = useCallback(async () => {
    if (busy.current || since.current === undefined) return;
    busy.current = true;
    try {
      let more = true;
      while (more) {
        const after: number = since.current ?? 0;
        const { data }: { data?: { items: Message[]; hasMore: boolean } } = await api.GET(
          '/api/chat/conversations/{id}/messages',
          { params: { path: { id: conversationId }, query: { after, limit: 200 } } },
        );
        if (!data) return;
        if (data.items.length > 0) deliver.current(data.items);
        // Page on only through a full page of new messages (a refetched pending payment does not count).
        more = data.hasMore && (data.items.at(-1)?.seq ?? 0) > after;
        if (more) since.current = data.items.at(-1)?.seq;
      }
    } finally {
      busy.current = false;
    }
  }, [conversationId]);
  /**
   * The socket was further behind than the change log keeps (a `resync` frame, decision 0116):
   * the newest history again (its messages as they are now), then live from where it stood.
   */
  const reload = useCallback(async () => {
    const { data } = await api.GET('/api/chat/conversations/{id}/messages', {
      params: { path: { id: conversationId }, query: { limit: 200 } },
    });
    if (!data) return;
    if (data.items.length > 0) deliver.current(data.items);
    lastChange.current = data.lastChange;
    chatSocket.send({ type: 'resume', conversationId, afterChange: data.lastChange });
  }, [conversationId]);
  useEffect(
    () =>
      chatSocket.listen((frame) => {
        if (MESSAGE_FRAMES.has(frame.type) && 'message' in frame && frame.message.conversationId === conversationId) {
          lastChange.current = Math.max(lastChange.current ?? 0, frame.change);
          deliver.current([frame.message]);
          setTypers(({ [frame.message.senderId]: _, ...rest }) => rest);
        } else if (frame.type === 'resumed' && frame.conversationId === conversationId) {
          lastChange.current = Math.max(lastChange.current ?? 0, frame.lastChange);
        } else if (frame.type === 'resync' && frame.conversationId === conversationId) {
          void reload();
        } else if (
          frame.type === 'typing' &&
          frame.conversationId === conversationId &&
          frame.userId !== options.meId
        ) {
          setTypers((t) => ({ ...t, [frame.userId]: Date.now() + TYPING_SHOWN_MS }));
        }
      }),
    [conversationId, options.meId, reload],
  );
  useEffect(() => {
    if (!live || !ready) return;
    const afterChange = lastChange.current;
    chatSocket.send(
      afterChange === undefined
        ? { type: 'resume', conversationId, afterSeq: since.current ?? 0 }
        : { type: 'resume', conversationId, afterChange },
    );
  }, [live, ready, conversationId]);
  useEffect(() => {
    if (!visible || !ready || (live && !options.pollWhileLive)) return;
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [visible, poll, ready, live, options.pollWhileLive]);
  useEffect(() => {
    const expiries = Object.values(typers);
    if (expiries.length === 0) return;
    const timer = setTimeout(
      () => {
        const now = Date.now();
        setTypers((t) => Object.fromEntries(Object.entries(t).filter(([, until]) => until > now)));
      },
      Math.max(0, Math.min(...expiries) - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [typers]);
  const lastTyping = useRef(0);
  const notifyTyping = () => {
    const now = Date.now();
    if (now - lastTyping.current < TYPING_SENT_EVERY_MS) return;
    if (chatSocket.send({ type: 'typing', conversationId })) lastTyping.current = now;
  };
  // A message sent ends the burst (its arrival hides the indicator): the next keystroke is told at once.
  const typingDone = () => {
    lastTyping.current = 0;
  };
  return { refresh: () => void poll(), live, typing: Object.keys(typers), notifyTyping, typingDone };
}

const MESSAGE_FRAMES = new Set(['message', 'message.edited', 'message.deleted', 'message.payment']);

export interface Presence {
  online: boolean;
  lastSeenAt: string | null;
}

/** A 1:1 partner's presence: read when the socket opens, then kept by its `presence` frames. */
export function usePresence(userId: string | undefined): Presence | undefined {
  const live = useSocketLive();
  const [presence, setPresence] = useState<Presence | undefined>(undefined);
  useEffect(() => {
    if (!userId) return;
    return chatSocket.listen((frame) => {
      if (frame.type === 'presence' && frame.userId === userId)
        setPresence({ online: frame.online, lastSeenAt: frame.lastSeenAt });
    });
  }, [userId]);
  // Read at first, and again each time the socket (re)opens: changes while it was closed were not told.
  const read = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!userId || (read.current === userId && !live)) return;
    read.current = userId;
    let current = true;
    void api.GET('/api/chat/presence', { params: { query: { userIds: userId } } }).then(({ data }) => {
      const found = data?.items.find((p) => p.userId === userId);
      if (current && found) setPresence({ online: found.online, lastSeenAt: found.lastSeenAt });
    });
    return () => {
      current = false;
    };
  }, [userId, live]);
  return presence;
}

/** Messages merged by id, in seq order (a newer copy of a message replaces the older). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

import { Alert, Anchor, Badge } from '@mantine/core';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { signInPath } from '../access/return-to';
import './messages';

export type Conversation =
  paths['/api/chat/conversations/{id}']['get']['responses']['200']['content']['application/json'];
export type Message = NonNullable<Conversation['lastMessage']>;
export type PaymentStatus = NonNullable<Message['payment']>['status'];

/** How often the open conversation asks for what it missed, until the WebSocket replaces the polling. */
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

/**
 * What changed in a conversation since `sinceSeq`, handed to `onMessages`: today by asking the
 * history for the messages after it every few seconds while the page is visible (and at once
 * when `refresh` is called, e.g. after sending); the WebSocket `/api/chat/ws` can replace the
 * body of this hook without touching the page. `sinceSeq` is the newest seq the page has, or
 * one before its oldest pending payment, so a payment's pending → paid/failed is seen too.
 */
export function useConversationUpdates(
  conversationId: string,
  sinceSeq: number | undefined,
  onMessages: (messages: Message[]) => void,
): { refresh: () => void } {
  const visible = usePageVisible();
  const since = useRef(sinceSeq);
  since.current = sinceSeq;
  const deliver = useRef(onMessages);
  deliver.current = onMessages;
  const busy = useRef(false);
  const ready = sinceSeq !== undefined;
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
  useEffect(() => {
    if (!visible || !ready) return;
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [visible, poll, ready]);
  return { refresh: () => void poll() };
}

/** Messages merged by id, in seq order (a newer copy of a message replaces the older). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

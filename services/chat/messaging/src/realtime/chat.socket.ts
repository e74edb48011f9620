import { type SocketEndpoint, type SocketHandler, type SocketSession, zodIssues } from '@coordina/platform';
import type { ChangesPage, ChangeType, MessageChange, MessageSent, MessageView } from '../contracts/messaging.dto';
import {
  AuthResume,
  CHAT_SOCKET_PATH,
  ClientFrame,
  clientFrames,
  type ResumePoint,
  serverFrames,
} from '../contracts/socket.frames';
import { ConversationFeed } from './conversation.feed';

type Problem = { title?: string; detail?: string; errors?: { field: string }[] };

/** The `error` frame for an API answer that refused a frame. */
function refusal(ref: string | undefined, status: number, body: unknown): object {
  const p = (typeof body === 'object' && body !== null ? body : {}) as Problem;
  return {
    type: 'error',
    ...(ref === undefined ? {} : { ref }),
    status,
    title: p.title ?? 'Refused',
    ...(p.detail ? { detail: p.detail } : {}),
    ...(p.errors?.[0] ? { field: p.errors[0].field } : {}),
  };
}

const CATCH_UP_PAGE = 200;
const PRESENCE_REFRESH_MS = 60_000;
/**
 * Delivery receipts for conversations of at most this many members: in a larger group every
 * message would send the sender one receipt per member (read receipts still flow).
 */
const RECEIPTS_UP_TO = 64;
const base = (conversationId: string) => `/api/chat/conversations/${conversationId}`;
/** The frames that carry a change of a conversation's messages (through its feed, decision 0104). */
const CHANGES: ReadonlySet<string> = new Set<ChangeType>([
  'message',
  'message.edited',
  'message.deleted',
  'message.payment',
]);

/**
 * The change a published frame carries, one object per frame: the user channels hand every
 * member's socket the same frame, so every socket delivers the same change object, which the
 * gateway serializes and frames once for all of them (decision 0113).
 */
const liveChanges = new WeakMap<object, MessageChange>();
/** The last frame's change: a fan-out hands the same frame to every socket in a row. */
let lastFrame: object | undefined;
let lastChange: MessageChange | undefined;

function liveChange(f: { type: ChangeType; message: MessageView; change: number }): MessageChange {
  if (f === lastFrame && lastChange) return lastChange;
  let c = liveChanges.get(f);
  if (!c) {
    c = { type: f.type, message: f.message, change: f.change };
    liveChanges.set(f, c);
  }
  lastFrame = f;
  lastChange = c;
  return c;
}

/**
 * One conversation on one socket, all a live change touches of it in one object (a fan-out
 * reaches a thousand sockets, each a read from memory): its feed (made again after one stopped),
 * the newest seq delivered (`resumed.lastSeq`), and whether it is too large for delivery receipts.
 */
interface Conversation {
  id: string;
  feed: ConversationFeed | undefined;
  lastSeq: number;
  large: boolean;
}

/**
 * One chat socket: client frames become calls to chat's HTTP routes as the socket's user (so
 * membership, validation and deduplication are HTTP's own: a non-member's frame gets the 404
 * HTTP gives), and frames published for the user go out, messages through their
 * conversation's feed (each seq once, in order; decision 0082).
 */
class ChatSocket implements SocketHandler {
  readonly #conversations = new Map<string, Conversation>();
  /** The conversation of the last change: a fan-out's changes come to a socket one conversation after another. */
  #recent: Conversation | undefined;

  constructor(
    private readonly s: SocketSession,
    hello: Record<string, unknown>,
  ) {
    this.#presence('online');
    const resume = AuthResume.safeParse(hello.resume ?? []);
    if (!resume.success) {
      s.send({
        type: 'error',
        status: 400,
        title: 'Invalid frame',
        detail: 'auth.resume: a list of {conversationId, afterSeq}',
        field: 'auth.resume',
      });
      return;
    }
    // Feeds exist before the first live frame can come: each conversation strictly in order.
    for (const r of resume.data) void this.#resume(r);
  }

  /**
   * Counted online while open (refreshed as often as the answer to being counted in says,
   * `CHAT_PRESENCE_REFRESH_MS`), offline when closed; partners are told of changes.
   */
  #alive: NodeJS.Timeout | undefined;
  #closed = false;

  /** One at a time, in order: a socket closed at once still counts in, then out. */
  #presenceCalls: Promise<unknown> = Promise.resolve();

  #presence(state: 'online' | 'offline' | 'alive'): void {
    this.#presenceCalls = this.#presenceCalls
      .then(async () => {
        const res = await this.s.call('PUT', '/api/chat/presence', { state });
        if (state !== 'online' || this.#closed) return;
        const every = (res.body as { refreshMs?: unknown } | undefined)?.refreshMs;
        this.#alive = setInterval(
          () => this.#presence('alive'),
          typeof every === 'number' ? every : PRESENCE_REFRESH_MS,
        ).unref();
      })
      // A gateway stopping cannot count its sockets out: the sweeper turns them offline (presence.sweeper.ts).
      .catch(() => undefined);
  }

  onClose(): void {
    this.#closed = true;
    clearInterval(this.#alive);
    this.#presence('offline');
  }

  /**
   * Catches the conversation up from the client's last change (or, given only its last seq, from
   * where that message was sent: looked up first, live changes waiting meanwhile).
   */
  async #resume({ conversationId, afterChange, afterSeq }: ResumePoint, ref?: string): Promise<void> {
    const conversation = this.#conversation(conversationId);
    const feed = this.#feed(conversation, ref);
    await feed.resume(
      afterChange ??
        (async () => {
          const res = await this.s.call('GET', `${base(conversationId)}/changes?afterSeq=${afterSeq ?? 0}&limit=1`);
          return res.status === 200 ? (res.body as ChangesPage).after : { status: res.status };
        }),
    );
    if (conversation.feed !== feed) return;
    const lastSeq = Math.max(conversation.lastSeq, afterSeq ?? 0);
    this.s.send({ type: 'resumed', ref, conversationId, lastSeq, lastChange: feed.sent ?? afterChange ?? 0 });
  }

  async onFrame(raw: unknown): Promise<void> {
    const parsed = ClientFrame.safeParse(raw);
    const ref = typeof (raw as { ref?: unknown })?.ref === 'string' ? (raw as { ref: string }).ref : undefined;
    if (!parsed.success) {
      const [issue] = zodIssues(parsed.error, 'frame');
      return this.s.send({
        type: 'error',
        ...(ref === undefined ? {} : { ref }),
        status: 400,
        title: 'Invalid frame',
        ...(issue ? { detail: `${issue.field}: ${issue.message}`, field: issue.field } : {}),
      });
    }
    const f = parsed.data;
    switch (f.type) {
      case 'resume':
        return this.#resume(f, f.ref);
      case 'send': {
        const { type: _t, ref: _r, conversationId, ...body } = f;
        const res = await this.s.call('POST', `${base(conversationId)}/messages`, body);
        if (res.status !== 201) return this.s.send(refusal(f.ref, res.status, res.body));
        const sent = res.body as MessageSent;
        return this.s.send({ type: 'sent', ref: f.ref, conversationId, clientId: f.clientId, ...sent });
      }
      case 'read': {
        const res = await this.s.call('POST', `${base(f.conversationId)}/read`, { upToSeq: f.upToSeq });
        if (res.status !== 200) this.s.send(refusal(f.ref, res.status, res.body));
        return;
      }
      case 'typing': {
        const res = await this.s.call('POST', `${base(f.conversationId)}/typing`);
        if (res.status !== 204) this.s.send(refusal(f.ref, res.status, res.body));
        return;
      }
    }
  }

  onPublished(frame: unknown): void {
    const f = frame as { type?: string; message?: MessageView; memberCount?: number; change?: number };
    if (f.type && CHANGES.has(f.type) && f.message && typeof f.change === 'number') {
      const conversation = this.#conversation(f.message.conversationId);
      if ((f.memberCount ?? 0) > RECEIPTS_UP_TO) conversation.large = true;
      this.#feed(conversation).live(liveChange(f as { type: ChangeType; message: MessageView; change: number }));
    } else if (f.type && f.type in serverFrames) this.s.send(f as object);
  }

  #conversation(id: string): Conversation {
    const recent = this.#recent;
    if (recent !== undefined && recent.id === id) return recent;
    let c = this.#conversations.get(id);
    if (!c) {
      c = { id, feed: undefined, lastSeq: 0, large: false };
      this.#conversations.set(id, c);
    }
    this.#recent = c;
    return c;
  }

  #feed(conversation: Conversation, ref?: string): ConversationFeed {
    if (conversation.feed) return conversation.feed;
    const conversationId = conversation.id;
    const created = new ConversationFeed(
      async (after) => {
        const res = await this.s.call('GET', `${base(conversationId)}/changes?after=${after}&limit=${CATCH_UP_PAGE}`);
        return res.status === 200 ? (res.body as ChangesPage) : { status: res.status };
      },
      (changes) => this.#deliver(conversation, changes),
      (status) => {
        if (conversation.feed === created) conversation.feed = undefined;
        // Behind what the change log keeps (decision 0116): the client reloads the history.
        if (status === 410) return this.s.send({ type: 'resync', ref, conversationId });
        this.s.send(
          refusal(ref, status, {
            title: status === 404 ? 'Not Found' : 'Refused',
            detail: `conversation ${conversationId}`,
          }),
        );
      },
    );
    conversation.feed = created;
    return created;
  }

  /** Sends the changes and tells each sender (other than this user) their new messages were delivered up to the newest. */
  #deliver(conversation: Conversation, changes: readonly MessageChange[]): void {
    const conversationId = conversation.id;
    const me = this.s.user.id;
    // Made only when a receipt is owed: a large group's fan-out allocates nothing per socket here.
    let upTo: Map<string, number> | undefined;
    const receipts = !conversation.large;
    for (const c of changes) {
      // The change is the frame (`{type, message, change}`): a live one is the same object on every socket.
      this.s.send(c);
      const { type, message: m } = c;
      if (type !== 'message') continue;
      if (m.seq > conversation.lastSeq) conversation.lastSeq = m.seq;
      if (!receipts || m.senderId === me) continue;
      upTo ??= new Map();
      upTo.set(m.senderId, m.seq);
    }
    if (!upTo) return;
    for (const [sender, seq] of upTo)
      void this.s.publish([sender], { type: 'delivered', conversationId, userId: me, upToSeq: seq });
  }
}

/** Chat's socket: `GET /api/chat/ws` on every gateway. */
export const chatSocket: SocketEndpoint = {
  path: CHAT_SOCKET_PATH,
  summary:
    'Chat over one WebSocket: live messages of all the caller’s conversations, catch-up by seq, sends, receipts, typing and presence',
  clientFrames,
  serverFrames,
  open: (session, hello) => new ChatSocket(session, hello),
};

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageChange } from '../src/contracts/messaging.dto';
import { ConversationFeed } from '../src/realtime/conversation.feed';

const C = '00000000-0000-4000-8000-000000000001';
/** The change at position `n`: here the send of seq `n` (the feed orders by position only). */
const msg = (seq: number): MessageChange => ({
  change: seq,
  type: 'message',
  message: {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    conversationId: C,
    seq,
    senderId: '00000000-0000-4000-8000-0000000000aa',
    clientId: `c${seq}`,
    text: `m${seq}`,
    mediaId: null,
    kind: 'message',
    payment: null,
    mediaReady: false,
    createdAt: new Date(0).toISOString(),
    editedAt: null,
    deletedAt: null,
  },
});

/** A feed over a history of `stored` messages; `gate` holds each history read until released. */
function feedOver(stored: number, pageSize = 3) {
  const history = Array.from({ length: stored }, (_, i) => msg(i + 1));
  const delivered: number[] = [];
  const failures: number[] = [];
  let reads = 0;
  let hold: Promise<void> | undefined;
  const feed = new ConversationFeed(
    async (after) => {
      reads++;
      if (hold) await hold;
      const items = history.filter((m) => m.change > after).slice(0, pageSize);
      return { items, hasMore: history.some((m) => m.change > (items.at(-1)?.change ?? after)) };
    },
    (ms) => delivered.push(...ms.map((m) => m.change)),
    (status) => failures.push(status),
  );
  return {
    feed,
    history,
    delivered,
    failures,
    reads: () => reads,
    holdReads(): () => void {
      let release: () => void = () => undefined;
      hold = new Promise((r) => {
        release = () => {
          hold = undefined;
          r();
        };
      });
      return release;
    },
  };
}

describe('Chat conversation feed: each change once, in order, gaps read from the change log', () => {
  it('delivers live messages in order and drops repeats without reading the history', () => {
    const t = feedOver(0);
    for (const s of [1, 2, 2, 3, 1]) t.feed.live(msg(s));
    assert.deepEqual(t.delivered, [1, 2, 3]);
    assert.equal(t.reads(), 0);
  });

  it('reads a gap from the history and then delivers what waited, once', async () => {
    const t = feedOver(6);
    t.feed.live(msg(1));
    t.feed.live(msg(4)); // 2 and 3 were lost on the channel
    t.feed.live(msg(3));
    await t.feed.resume(1); // waits for the catch-up under way
    t.feed.live(msg(5));
    assert.deepEqual(t.delivered, [1, 2, 3, 4, 5, 6], 'the gap filled, 5 and 6 read with it; the late 5 dropped');
  });

  it('resumes after the last seen seq over several pages, buffering live messages meanwhile', async () => {
    const t = feedOver(8);
    const release = t.holdReads();
    const done = t.feed.resume(2);
    t.history.push(msg(9), msg(10));
    t.feed.live(msg(9)); // arrives while the catch-up is held
    t.feed.live(msg(10));
    t.feed.live(msg(9));
    assert.deepEqual(t.delivered, [], 'nothing before the catch-up');
    release();
    await done;
    assert.deepEqual(t.delivered, [3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('owes a late resume only the seqs below the first live message', async () => {
    const t = feedOver(7);
    t.feed.live(msg(6));
    t.feed.live(msg(7));
    await t.feed.resume(3);
    assert.deepEqual(t.delivered, [6, 7, 4, 5]);
  });

  it('holds live changes while a resume looks up its start, then delivers strictly in order', async () => {
    const t = feedOver(6);
    let found: (at: number) => void = () => undefined;
    const done = t.feed.resume(() => new Promise<number>((r) => (found = r)));
    t.feed.live(msg(7)); // comes while the start is looked up
    t.history.push(msg(7));
    assert.deepEqual(t.delivered, [], 'nothing before the start is known');
    found(4);
    await done;
    assert.deepEqual(t.delivered, [5, 6, 7]);
  });

  it('stops on a refused read (a non-member) and says so', async () => {
    const t = feedOver(0);
    const feed = new ConversationFeed(
      async () => ({ status: 404 }),
      (ms) => t.delivered.push(...ms.map((m) => m.change)),
      (s) => t.failures.push(s),
    );
    await feed.resume(0);
    assert.deepEqual(t.failures, [404]);
    assert.deepEqual(t.delivered, []);
  });
});

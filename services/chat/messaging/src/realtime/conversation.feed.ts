import type { HistoryPage, MessageView } from '../contracts/messaging.dto';

/** A page of messages after a seq, or why not (the HTTP status: 404 for a non-member). */
export type FetchAfter = (afterSeq: number) => Promise<HistoryPage | { status: number }>;

/**
 * One conversation's messages on one socket (decision 0082): each seq delivered once, in seq
 * order. Live messages come from the user channel, at most once and possibly out of order
 * (two service instances publish); whatever is missing is read from the history by seq.
 *
 * `sent` is the highest seq delivered with every seq below it delivered too (or known to the
 * client: a resume's `afterSeq`). A live message at `sent + 1` goes out at once; one at or
 * below `sent` is a repeat and is dropped; one above `sent + 1` means a gap, so it waits in
 * the buffer while the history after `sent` is read (catch-up), then the buffer drains. A
 * resume sets `sent` to what the client saw and catches up the same way. One catch-up runs
 * at a time; live messages arriving meanwhile wait in the buffer.
 */
export class ConversationFeed {
  /** Undefined until a resume or the first live message gives a starting point. */
  #sent: number | undefined;
  /** Seqs below the first live message, owed to a resume that came after it: (from, to]. */
  #hole: { from: number; to: number } | undefined;
  #buffer: MessageView[] = [];
  #running: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly fetchAfter: FetchAfter,
    private readonly deliver: (messages: MessageView[]) => void,
    /** The history answered an error (not a member: 404); the feed stops. */
    private readonly failed: (status: number) => void,
  ) {}

  get sent(): number | undefined {
    return this.#sent;
  }

  /** A live message from the user channel. */
  live(message: MessageView): void {
    if (this.#sent === undefined) {
      // No resume asked: live from this message on.
      this.#sent = message.seq - 1;
      this.#firstLive = message.seq;
    }
    if (this.#running || message.seq > this.#sent + 1) {
      this.#buffer.push(message);
      if (!this.#running) void this.#catchUp();
      return;
    }
    if (message.seq <= this.#sent) return;
    this.#sent = message.seq;
    this.deliver([message]);
  }

  /**
   * The client saw up to `afterSeq`: what it missed, then live. Messages this socket delivered
   * already (live before the resume) are not repeated.
   */
  resume(afterSeq: number): Promise<void> {
    if (this.#sent === undefined) this.#sent = afterSeq;
    else if (afterSeq < this.#sent) {
      const firstLive = this.#firstLive ?? this.#sent + 1;
      if (afterSeq < firstLive - 1) this.#hole = { from: afterSeq, to: firstLive - 1 };
    } else this.#sent = afterSeq;
    return this.#catchUp();
  }

  /** The seq of the first message delivered live before any resume (the hole ends below it). */
  #firstLive: number | undefined;

  #catchUp(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pump().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #pump(): Promise<void> {
    do {
      this.#again = false;
      if (this.#hole && !(await this.#fill(this.#hole))) return;
      this.#hole = undefined;
      if (!(await this.#readAfter())) return;
      this.#drain();
    } while (this.#again || this.#buffer.length > 0);
  }

  /** Reads the history after `sent` to its end, delivering as it goes; false when refused. */
  async #readAfter(): Promise<boolean> {
    for (;;) {
      const page = await this.fetchAfter(this.#sent ?? 0);
      if ('status' in page) {
        this.#stop(page.status);
        return false;
      }
      const fresh = page.items.filter((m) => m.seq > (this.#sent ?? 0));
      if (fresh.length > 0) {
        this.#sent = fresh[fresh.length - 1]?.seq;
        this.deliver(fresh);
      }
      if (!page.hasMore) return true;
    }
  }

  /** Delivers the seqs (from, to] that a late resume asked for. */
  async #fill(hole: { from: number; to: number }): Promise<boolean> {
    let after = hole.from;
    while (after < hole.to) {
      const page = await this.fetchAfter(after);
      if ('status' in page) {
        this.#stop(page.status);
        return false;
      }
      const wanted = page.items.filter((m) => m.seq > after && m.seq <= hole.to);
      if (wanted.length > 0) this.deliver(wanted);
      if (!page.hasMore || wanted.length < page.items.length) return true;
      after = page.items[page.items.length - 1]?.seq ?? hole.to;
    }
    return true;
  }

  /** Buffered live messages that continue `sent` go out; repeats are dropped; a gap waits for another read. */
  #drain(): void {
    const waiting = this.#buffer.filter((m) => m.seq > (this.#sent ?? 0)).sort((a, b) => a.seq - b.seq);
    this.#buffer = [];
    const out: MessageView[] = [];
    for (const m of waiting) {
      const sent = this.#sent ?? 0;
      if (m.seq <= sent) continue;
      if (m.seq === sent + 1) {
        this.#sent = m.seq;
        out.push(m);
      } else this.#buffer.push(m);
    }
    if (out.length > 0) this.deliver(out);
  }

  #stop(status: number): void {
    this.#buffer = [];
    this.failed(status);
  }
}

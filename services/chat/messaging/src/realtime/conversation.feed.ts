import type { MessageChange } from '../contracts/messaging.dto';

/** The changes after a position, or why not (the HTTP status: 404 for a non-member). */
export type FetchAfter = (after: number) => Promise<{ items: MessageChange[]; hasMore: boolean } | { status: number }>;

/** Where a resume starts: a change position, or one to look up first (a client that gave a seq). */
export type ResumeFrom = number | (() => Promise<number | { status: number }>);

/**
 * One conversation's changes on one socket (decisions 0082, 0104): every change of its messages
 * (sent, edited, deleted, payment settled) once, in the order of the conversation's change
 * counter, which the database assigns without gaps. Live changes come from the user channel,
 * at most once and possibly out of order (two service instances publish); whatever is missing
 * is read from the change log by position.
 *
 * `sent` is the highest position delivered with every position below it delivered too (or
 * known to the client: a resume's start). A live change at `sent + 1` goes out at once; one at
 * or below `sent` is a repeat and is dropped; one above `sent + 1` means a gap, so it waits in
 * the buffer while the log after `sent` is read (catch-up), then the buffer drains. A resume
 * sets `sent` to what the client saw and catches up the same way. One catch-up runs at a time;
 * live changes arriving meanwhile wait in the buffer (a resume whose start is being looked up
 * counts as running: nothing live goes out before it).
 */
export class ConversationFeed {
  /** Undefined until a resume or the first live change gives a starting point. */
  #sent: number | undefined;
  /** Positions below the first live change, owed to a resume that came after it: (from, to]. */
  #hole: { from: number; to: number } | undefined;
  #buffer: MessageChange[] = [];
  /** Resumes whose start is still to be looked up, in the order they were asked. */
  #starts: (() => Promise<number | { status: number }>)[] = [];
  #running: Promise<void> | undefined;
  #again = false;
  /** The position of the first change delivered live before any resume (the hole ends below it). */
  #firstLive: number | undefined;

  constructor(
    private readonly fetchAfter: FetchAfter,
    private readonly deliver: (changes: MessageChange[]) => void,
    /** The log answered an error (not a member: 404); the feed stops. */
    private readonly failed: (status: number) => void,
  ) {}

  get sent(): number | undefined {
    return this.#sent;
  }

  /** A live change from the user channel. */
  live(c: MessageChange): void {
    if (this.#sent === undefined && !this.#running) {
      // No resume asked: live from this change on.
      this.#sent = c.change - 1;
      this.#firstLive = c.change;
    }
    if (this.#running || this.#sent === undefined || c.change > this.#sent + 1) {
      this.#buffer.push(c);
      if (!this.#running) void this.#catchUp();
      return;
    }
    if (c.change <= this.#sent) return;
    this.#sent = c.change;
    this.deliver([c]);
  }

  /**
   * The client saw every change up to `from`: what it missed, then live. Changes this socket
   * delivered already (live before the resume) are not repeated.
   */
  resume(from: ResumeFrom): Promise<void> {
    if (typeof from === 'number') this.#start(from);
    else this.#starts.push(from);
    return this.#catchUp();
  }

  #start(after: number): void {
    if (this.#sent === undefined) this.#sent = after;
    else if (after < this.#sent) {
      const firstLive = this.#firstLive ?? this.#sent + 1;
      if (after < firstLive - 1) this.#hole = { from: after, to: firstLive - 1 };
    } else this.#sent = after;
  }

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
      for (const lookUp of this.#starts.splice(0)) {
        const at = await lookUp();
        if (typeof at !== 'number') return this.#stop(at.status);
        this.#start(at);
      }
      if (this.#sent === undefined) this.#sent = 0;
      if (this.#hole && !(await this.#fill(this.#hole))) return;
      this.#hole = undefined;
      if (!(await this.#readAfter())) return;
      this.#drain();
    } while (this.#again || this.#buffer.length > 0 || this.#starts.length > 0);
  }

  /** Reads the log after `sent` to its end, delivering as it goes; false when refused. */
  async #readAfter(): Promise<boolean> {
    for (;;) {
      const page = await this.fetchAfter(this.#sent ?? 0);
      if ('status' in page) {
        this.#stop(page.status);
        return false;
      }
      const fresh = page.items.filter((c) => c.change > (this.#sent ?? 0));
      if (fresh.length > 0) {
        this.#sent = fresh[fresh.length - 1]?.change;
        this.deliver(fresh);
      }
      if (!page.hasMore) return true;
    }
  }

  /** Delivers the positions (from, to] that a late resume asked for. */
  async #fill(hole: { from: number; to: number }): Promise<boolean> {
    let after = hole.from;
    while (after < hole.to) {
      const page = await this.fetchAfter(after);
      if ('status' in page) {
        this.#stop(page.status);
        return false;
      }
      const wanted = page.items.filter((c) => c.change > after && c.change <= hole.to);
      if (wanted.length > 0) this.deliver(wanted);
      if (!page.hasMore || wanted.length < page.items.length) return true;
      after = page.items[page.items.length - 1]?.change ?? hole.to;
    }
    return true;
  }

  /** Buffered live changes that continue `sent` go out; repeats are dropped; a gap waits for another read. */
  #drain(): void {
    const waiting = this.#buffer.filter((c) => c.change > (this.#sent ?? 0)).sort((a, b) => a.change - b.change);
    this.#buffer = [];
    const out: MessageChange[] = [];
    for (const c of waiting) {
      const sent = this.#sent ?? 0;
      if (c.change <= sent) continue;
      if (c.change === sent + 1) {
        this.#sent = c.change;
        out.push(c);
      } else this.#buffer.push(c);
    }
    if (out.length > 0) this.deliver(out);
  }

  #stop(status: number): void {
    this.#buffer = [];
    this.#starts = [];
    this.failed(status);
  }
}

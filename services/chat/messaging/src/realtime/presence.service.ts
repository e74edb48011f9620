import { type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PresenceBody, PresenceList, PresenceRecorded, PresenceView } from '../contracts/messaging.dto';
import { MessagingSettings } from '../messaging.settings';
import { PresenceRepository } from './presence.repository';

/** Presence: recorded by the chat socket, told to those sharing a conversation when it changes, read by them. */
@Injectable()
export class PresenceService {
  readonly #presence: PresenceRepository;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: MessagingSettings,
  ) {
    this.#presence = new PresenceRepository(settings.presenceStaleMs);
  }

  /** Counts a socket in, out or still open; `refreshMs` tells the socket how often to say it is still open. */
  async record(user: AuthUser, body: PresenceBody): Promise<PresenceRecorded> {
    const { now, changed } = await this.ctx.db.transaction((tx) => this.#presence.record(tx, user.id, body.state));
    if (changed) await this.tell(now);
    return { ...now, refreshMs: this.settings.presenceRefreshMs };
  }

  /**
   * Turns offline, at most a batch, the users whose sockets were on a gateway that died, and
   * tells each one's audience; how many.
   */
  async sweep(): Promise<number> {
    const gone = await this.#presence.sweep(this.ctx.db.db);
    for (const p of gone) await this.tell(p);
    return gone.length;
  }

  /**
   * Ephemeral, like typing: the members of the user's conversations (bounded: decision 0105)
   * are told a transition; the others read it when they ask.
   */
  async tell(now: PresenceView): Promise<void> {
    const audience = await this.#presence.audience(this.ctx.db.db, now.userId);
    await this.ctx.realtime.publish(audience, { type: 'presence', ...now });
  }

  async of(user: AuthUser, userIds: readonly string[]): Promise<PresenceList> {
    return { items: await this.#presence.of(this.ctx.db.db, user.id, userIds) };
  }
}

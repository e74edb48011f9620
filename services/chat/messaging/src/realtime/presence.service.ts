import { type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PresenceBody, PresenceList, PresenceView } from '../contracts/messaging.dto';
import { PresenceRepository } from './presence.repository';

/** Presence: recorded by the chat socket, told to those sharing a conversation when it changes, read by them. */
@Injectable()
export class PresenceService {
  readonly #presence = new PresenceRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async record(user: AuthUser, body: PresenceBody): Promise<PresenceView> {
    const { now, changed } = await this.ctx.db.transaction((tx) => this.#presence.record(tx, user.id, body.state));
    if (changed) {
      // Ephemeral, like typing: the members online now of the user's conversations (bounded:
      // decision 0105) are told; the others read it when they ask.
      const audience = await this.#presence.audience(this.ctx.db.db, user.id);
      await this.ctx.realtime.publish(audience, { type: 'presence', ...now });
    }
    return now;
  }

  async of(user: AuthUser, userIds: readonly string[]): Promise<PresenceList> {
    return { items: await this.#presence.of(this.ctx.db.db, user.id, userIds) };
  }
}

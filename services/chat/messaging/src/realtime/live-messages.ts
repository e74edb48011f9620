import { type CloudEvent, type Db, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { ChangeType, MessageView } from '../contracts/messaging.dto';
import { ConversationMembers } from './conversation-members';

/** A message fact as both paths see it: the message, its change position and whom to tell. */
export interface MessageFact {
  message: MessageView;
  change?: number | undefined;
  memberIds?: string[] | undefined;
  membersVersion?: number | undefined;
}

/** The most changes remembered as told here, for a consumer that runs in another instance and never asks. */
const TOLD_KEPT = 10_000;

/** A change's key in the set of changes told at once. */
const changeKey = (conversationId: string, change: number): string => `${conversationId}/${change}`;

const keyOf = (f: MessageFact): string | undefined =>
  f.change === undefined ? undefined : changeKey(f.message.conversationId, f.change);

/**
 * Message changes on the members' sockets, by two paths (decision 0135). At once: the process
 * that committed a send, edit or delete tells the members right after its commit, without
 * waiting for the outbox, the log and the realtime consumer's transaction. For sure: the realtime
 * consumer tells them from the fact, unless this process told that change already (a crash
 * between the commit and the telling, or a consumer in another instance, tells them again, and
 * each socket's feed drops a change it delivered: decision 0104).
 */
@Injectable()
export class LiveMessages {
  readonly #members = new ConversationMembers();
  /** Changes told at once and not yet seen by this process's consumer (`conversationId/change`). */
  readonly #told = new Set<string>();
  /** One telling at a time, in commit order: a socket's feed reads the log when a change overtakes another. */
  #telling: Promise<void> = Promise.resolve();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** Called after the commit that recorded the facts; never fails (the consumer tells them then). */
  tellNow(type: ChangeType, facts: readonly MessageFact[]): Promise<void> {
    this.#telling = this.#telling.then(async () => {
      try {
        for (const f of facts) {
          await this.#tell(this.ctx.db.db, type, f);
          const key = keyOf(f);
          if (key === undefined) continue;
          this.#told.add(key);
          if (this.#told.size > TOLD_KEPT) this.#told.delete(this.#told.values().next().value as string);
        }
      } catch (err) {
        this.ctx.log.warn({ err, type }, 'members not told at once; the realtime consumer tells them');
      }
    });
    return this.#telling;
  }

  /**
   * Whether this process told the event's change at once (decision 0142): the realtime consumer
   * then skips the record before its transaction. Read only, so a redelivery while the change is
   * remembered is skipped again; data that does not look like a fact counts as not told (the
   * handler validates it).
   */
  toldAlready(event: CloudEvent): boolean {
    const d = event.data as { message?: { conversationId?: unknown }; change?: unknown } | null;
    const conversationId = d?.message?.conversationId;
    if (typeof conversationId !== 'string' || typeof d?.change !== 'number') return false;
    return this.#told.has(changeKey(conversationId, d.change));
  }

  /** From the realtime consumer's fact: told unless this process told it at once. */
  async fromFact(q: Db, type: ChangeType, f: MessageFact): Promise<void> {
    const key = keyOf(f);
    if (key !== undefined && this.#told.delete(key)) return;
    await this.#tell(q, type, f);
  }

  async #tell(q: Db, type: ChangeType, f: MessageFact): Promise<void> {
    const members = f.memberIds ?? (await this.#members.of(q, f.message.conversationId, f.membersVersion));
    await this.ctx.realtime.publish(members, {
      type,
      message: f.message,
      change: f.change,
      ...(type === 'message' ? { memberCount: members.length } : {}),
    });
  }
}

import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ConversacionMiembrosCambiados } from '../contracts/events';
import type { GroupMembers } from '../contracts/extras.dto';
import { MAX_MEMBERS } from '../contracts/messaging.dto';
import { ConversationsRepository } from '../db/conversations.repository';
import { GroupMembersRepository } from '../db/group-members.repository';
import { fieldError } from './blocks.service';
import { notFound } from './conversations.service';

/** A group's creator adds and removes its members; any member may leave. */
@Injectable()
export class GroupMembersService {
  readonly #groups = new GroupMembersRepository();
  readonly #conversations = new ConversationsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async add(user: AuthUser, conversationId: string, memberIds: string[]): Promise<GroupMembers> {
    return this.ctx.db.transaction(async (tx) => {
      await this.#lockAsCreator(tx, conversationId, user);
      const added = await this.#groups.add(tx, conversationId, [...new Set(memberIds.map((m) => m.toLowerCase()))]);
      const members = await this.#conversations.memberIds(tx, conversationId);
      if (members.length > MAX_MEMBERS)
        throw fieldError('body.memberIds', `a conversation has at most ${MAX_MEMBERS} members`);
      if (added.length > 0) await this.#announce(tx, conversationId, user, added, [], members);
      return { conversationId, memberIds: members };
    });
  }

  /** Idempotent: removing someone who is not a member answers 204 without an event. */
  async remove(user: AuthUser, conversationId: string, userId: string): Promise<void> {
    const target = userId.toLowerCase();
    await this.ctx.db.transaction(async (tx) => {
      const group =
        target === user.id.toLowerCase()
          ? await this.#lockGroup(tx, conversationId, user)
          : await this.#lockAsCreator(tx, conversationId, user);
      if (group.createdBy === target) throw fieldError('params.userId', "the group's creator stays in it");
      if (!(await this.#groups.remove(tx, conversationId, target))) return;
      const members = await this.#conversations.memberIds(tx, conversationId);
      await this.#announce(tx, conversationId, user, [], [target], members);
    });
  }

  async #lockGroup(tx: Tx, conversationId: string, user: AuthUser): Promise<{ createdBy: string }> {
    const group = await this.#groups.lockForMember(tx, conversationId, user.id);
    if (!group) throw notFound(conversationId);
    if (group.kind !== 'group') throw new AppError('CONFLICT', 'a 1:1 conversation has fixed members');
    return group;
  }

  async #lockAsCreator(tx: Tx, conversationId: string, user: AuthUser): Promise<{ createdBy: string }> {
    const group = await this.#lockGroup(tx, conversationId, user);
    if (group.createdBy !== user.id) throw new AppError('FORBIDDEN', "only the group's creator manages its members");
    return group;
  }

  async #announce(
    tx: Tx,
    conversationId: string,
    user: AuthUser,
    added: string[],
    removed: string[],
    memberIds: string[],
  ): Promise<void> {
    await this.ctx.bus.publish(tx, ConversacionMiembrosCambiados, {
      conversationId,
      added,
      removed,
      memberIds,
      by: user.id,
      at: new Date().toISOString(),
    });
  }
}

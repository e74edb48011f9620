import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ConversacionCreada } from '../contracts/events';
import type {
  ConversationCreated,
  ConversationList,
  ConversationListQuery,
  ConversationView,
  CreateConversationBody,
} from '../contracts/messaging.dto';
import { BlocksRepository } from '../db/blocks.repository';
import { ConversationsRepository } from '../db/conversations.repository';
import { MessagesRepository } from '../db/messages.repository';
import { ConversationRules } from '../domain/conversation.rules';
import { blockedByUser } from './blocks.service';

/** The conversation a caller is not a member of does not exist for them (no leak of its existence). */
export const notFound = (id: string): AppError => new AppError('NOT_FOUND', `conversation ${id} not found`);

/** Starting conversations and listing the caller's. */
@Injectable()
export class ConversationsService {
  readonly #conversations = new ConversationsRepository();
  readonly #messages = new MessagesRepository();
  readonly #rules = new ConversationRules();
  readonly #blocks = new BlocksRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /**
   * Member ids are taken as given (identity has no user lookup for other services yet; see
   * decision 0080). A 1:1 pair that has a conversation gets it back, whoever created it.
   */
  async create(user: AuthUser, body: CreateConversationBody): Promise<ConversationCreated> {
    const plan = this.#rules.plan(user.id.toLowerCase(), body);
    if ('field' in plan) throw new AppError('VALIDATION_FAILED', `${plan.field}: ${plan.message}`, { errors: [plan] });
    const other = plan.kind === 'direct' ? plan.memberIds[1] : undefined;
    if (other && (await this.#blocks.isBlocked(this.ctx.db.db, other, user.id))) throw blockedByUser();
    const created = await this.ctx.db.transaction(async (tx) => {
      const id = await this.#conversations.insert(tx, randomUUID(), user.id, plan);
      if (!id) return undefined;
      await this.ctx.bus.publish(tx, ConversacionCreada, {
        conversationId: id,
        kind: plan.kind,
        title: plan.title,
        memberIds: plan.memberIds,
        createdBy: user.id,
        at: new Date().toISOString(),
      });
      return id;
    });
    if (created) return { id: created };
    // The pair's 1:1 exists (committed: ON CONFLICT waited for its transaction).
    const existing = plan.directKey && (await this.#conversations.directByKey(this.ctx.db.db, plan.directKey));
    if (!existing) throw new AppError('CONFLICT', 'conversation id taken, retry');
    return { id: existing };
  }

  async list(user: AuthUser, query: ConversationListQuery): Promise<ConversationList> {
    return { items: await this.#views(user, { limit: query.limit }) };
  }

  async detail(user: AuthUser, id: string): Promise<ConversationView> {
    const [found] = await this.#views(user, { id, limit: 1 });
    if (!found) throw notFound(id);
    return found;
  }

  async #views(user: AuthUser, options: { id?: string; limit: number }): Promise<ConversationView[]> {
    const db = this.ctx.db.db;
    const rows = await this.#conversations.list(db, user.id, options);
    const last = await this.#messages.at(
      db,
      rows.filter((c) => c.lastSeq > 0).map((c) => ({ conversationId: c.id, seq: c.lastSeq })),
    );
    const byConversation = new Map(last.map((m) => [m.conversationId, m]));
    return rows.map((c) => ({ ...c, lastMessage: byConversation.get(c.id) ?? null }));
  }
}

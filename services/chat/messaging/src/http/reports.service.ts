import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { ReportList, ReportListQuery, ReportView } from '../contracts/extras.dto';
import { MessagingExtrasErrors } from '../contracts/extras.errors';
import { MessagingErrors } from '../contracts/messaging.errors';
import { ConversationsRepository } from '../db/conversations.repository';
import { MessagesRepository } from '../db/messages.repository';
import { ReportsRepository } from '../db/reports.repository';
import { fieldError } from './blocks.service';
import { notFound } from './conversations.service';

/** Members report others' messages, once each (the primary key decides); admins list them. */
@Injectable()
export class ReportsService {
  readonly #reports = new ReportsRepository();
  readonly #conversations = new ConversationsRepository();
  readonly #messages = new MessagesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async report(user: AuthUser, conversationId: string, messageId: string, reason: string): Promise<ReportView> {
    const db = this.ctx.db.db;
    if (!(await this.#conversations.isMember(db, conversationId, user.id))) throw notFound(conversationId);
    const stored = await this.#reports.insert(db, conversationId, messageId, user.id, reason);
    if (stored) return stored;
    // Nothing inserted: say why (after the fact; the insert alone decided).
    if (await this.#reports.exists(db, messageId, user.id))
      throw new AppError(MessagingExtrasErrors.ALREADY_REPORTED, `you reported message ${messageId} already`);
    const message = await this.#messages.find(db, conversationId, messageId);
    if (!message) throw new AppError('NOT_FOUND', `message ${messageId} not found`);
    if (message.senderId === user.id) throw fieldError('params.messageId', 'you cannot report your own message');
    throw new AppError(MessagingErrors.MESSAGE_DELETED, `message ${messageId} was deleted`);
  }

  list(query: ReportListQuery): Promise<ReportList> {
    return this.#reports.list(this.ctx.db.db, query);
  }
}

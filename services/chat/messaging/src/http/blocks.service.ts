import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { BlockList } from '../contracts/extras.dto';
import { MessagingExtrasErrors } from '../contracts/extras.errors';
import { BlocksRepository } from '../db/blocks.repository';

/** The answer to a blocked user who writes to, or starts a 1:1 with, the one who blocked them. */
export const blockedByUser = (): AppError =>
  new AppError(MessagingExtrasErrors.BLOCKED_BY_USER, 'the other member of this 1:1 blocked you');

/** A 400 problem naming one field. */
export const fieldError = (field: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}`, { errors: [{ field, message }] });

/** Blocking and unblocking users; both idempotent. */
@Injectable()
export class BlocksService {
  readonly #blocks = new BlocksRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async block(user: AuthUser, userId: string): Promise<void> {
    if (userId.toLowerCase() === user.id.toLowerCase()) throw fieldError('params.userId', 'you cannot block yourself');
    await this.#blocks.block(this.ctx.db.db, user.id, userId.toLowerCase());
  }

  async unblock(user: AuthUser, userId: string): Promise<void> {
    await this.#blocks.unblock(this.ctx.db.db, user.id, userId.toLowerCase());
  }

  list(user: AuthUser): Promise<BlockList> {
    return this.#blocks.list(this.ctx.db.db, user.id);
  }
}

import {
  AppError,
  type AuthUser,
  CurrentUser,
  IdParams,
  SERVICE_CONTEXT,
  type ServiceContext,
  zod,
} from '@coordina/platform';
import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { type EmailList, EmailsQuery, type NotificationFeed } from '../contracts/notifications.dto';
import { EmailsRepository } from '../db/emails.repository';
import { NotificationsRepository } from '../db/notifications.repository';

@Controller('api/notifications')
export class NotificationsController {
  readonly #feed = new NotificationsRepository();
  readonly #emails = new EmailsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Get('me')
  async mine(@CurrentUser() user: AuthUser): Promise<NotificationFeed> {
    return { items: await this.#feed.listFor(this.ctx.db.db, user.id) };
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@Param(zod(IdParams)) p: { id: string }, @CurrentUser() user: AuthUser): Promise<void> {
    if (!(await this.#feed.markRead(this.ctx.db.db, user.id, p.id)))
      throw new AppError('NOT_FOUND', 'no such notification');
  }

  @Get('emails')
  async emails(@Query(zod(EmailsQuery)) q: EmailsQuery): Promise<EmailList> {
    return { items: await this.#emails.list(this.ctx.db.db, q.to) };
  }
}

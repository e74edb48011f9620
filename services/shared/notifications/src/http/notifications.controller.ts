import {
  AppError,
  type AuthUser,
  CurrentUser,
  Endpoint,
  Input,
  type InputOf,
  SERVICE_CONTEXT,
  type ServiceContext,
} from '@coordina/platform';
import { Controller, Inject } from '@nestjs/common';
import type { EmailList, NotificationFeed } from '../contracts/notifications.dto';
import { notificationsRoutes } from '../contracts/notifications.routes';
import { EmailsRepository } from '../db/emails.repository';
import { NotificationsRepository } from '../db/notifications.repository';

@Controller()
export class NotificationsController {
  readonly #feed = new NotificationsRepository();
  readonly #emails = new EmailsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Endpoint(notificationsRoutes, 'GET /api/notifications/me')
  async mine(@CurrentUser() user: AuthUser): Promise<NotificationFeed> {
    return { items: await this.#feed.listFor(this.ctx.db.db, user.id) };
  }

  @Endpoint(notificationsRoutes, 'POST /api/notifications/:id/read')
  async read(
    @Input() { params: p }: InputOf<typeof notificationsRoutes, 'POST /api/notifications/:id/read'>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    if (!(await this.#feed.markRead(this.ctx.db.db, user.id, p.id)))
      throw new AppError('NOT_FOUND', 'no such notification');
  }

  @Endpoint(notificationsRoutes, 'GET /api/notifications/emails')
  async emails(
    @Input() { query: q }: InputOf<typeof notificationsRoutes, 'GET /api/notifications/emails'>,
  ): Promise<EmailList> {
    return { items: await this.#emails.list(this.ctx.db.db, q.to) };
  }
}

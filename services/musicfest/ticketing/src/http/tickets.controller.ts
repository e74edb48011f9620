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
import { Controller, Inject, Res } from '@nestjs/common';
import { toBuffer } from 'qrcode';
import { ticketingRoutes } from '../contracts/ticketing.routes';
import { TicketsRepository } from '../db/tickets.repository';
import type { RawReply } from './raw-http';

/** A ticket's QR code (image/png), for its owner or a platform admin. */
@Controller()
export class TicketsController {
  readonly #tickets = new TicketsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Endpoint(ticketingRoutes, 'GET /api/musicfest/tickets/:code/qr')
  async qr(
    @Input() { params: p }: InputOf<typeof ticketingRoutes, 'GET /api/musicfest/tickets/:code/qr'>,
    @CurrentUser() user: AuthUser,
    @Res() reply: RawReply,
  ): Promise<void> {
    const ticket = await this.#tickets.find(this.ctx.db.db, p.code);
    if (!ticket) throw new AppError('NOT_FOUND', `ticket ${p.code} not found`);
    if (ticket.userId !== user.id && !user.roles.includes('platform_admin')) {
      throw new AppError('FORBIDDEN', 'not your ticket');
    }
    const png = await toBuffer(ticket.code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
    reply.header('content-type', 'image/png').header('cache-control', 'private, max-age=86400').send(png);
  }
}

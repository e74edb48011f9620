import { setTimeout as sleep } from 'node:timers/promises';
import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller, Req, Res } from '@nestjs/common';
import { FinalStatuses, type PurchaseView } from '../contracts/purchase.dto';
import { ticketingRoutes } from '../contracts/ticketing.routes';
import { PurchaseViewsService } from './purchase-views.service';
import type { RawReply, RawRequest } from './raw-http';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events of one purchase: its view now and after every change (position,
 * status), until a final status or the client leaves. Each open stream polls the database
 * every 500 ms. Errors before the stream starts (404, 403) answer problem+json as usual.
 */
@Controller()
export class PurchaseStreamController {
  constructor(private readonly views: PurchaseViewsService) {}

  @Endpoint(ticketingRoutes, 'GET /api/musicfest/purchases/:id/stream')
  async stream(
    @Input() { params: p }: InputOf<typeof ticketingRoutes, 'GET /api/musicfest/purchases/:id/stream'>,
    @CurrentUser() user: AuthUser,
    @Req() req: RawRequest,
    @Res() reply: RawReply,
  ): Promise<void> {
    let view: PurchaseView = await this.views.get(user, p.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...reply.getHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let open = true;
    req.raw.on('close', () => {
      open = false;
    });
    res.on('close', () => {
      open = false;
    });
    let last = '';
    let sent = 0;
    let quietSince = Date.now();
    const send = (v: PurchaseView) => {
      const data = JSON.stringify(v);
      if (data === last) return;
      last = data;
      sent++;
      quietSince = Date.now();
      res.write(`id: ${sent}\nevent: purchase\ndata: ${data}\n\n`);
    };
    send(view);
    while (open && !FinalStatuses.includes(view.status)) {
      await sleep(POLL_MS);
      if (!open) break;
      try {
        view = await this.views.get(user, p.id);
      } catch {
        break;
      }
      send(view);
      if (Date.now() - quietSince > HEARTBEAT_MS) {
        res.write(': keep-alive\n\n');
        quietSince = Date.now();
      }
    }
    if (!res.writableEnded) res.end();
  }
}

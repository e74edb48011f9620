import { Injectable } from '@nestjs/common';

export const DEFAULT_FEE_TIMEOUT_MS = 300_000;

/**
 * musicfest-events' own settings, read from the environment once per process start (the only
 * place this service reads process.env). `MUSICFEST_FEE_TIMEOUT_MS`: how long the hosting-fee
 * saga waits for payments' reply before the event is FEE_DECLINED (default 300000).
 */
@Injectable()
export class EventsSettings {
  readonly feeTimeoutMs: number;

  constructor() {
    const raw = process.env.MUSICFEST_FEE_TIMEOUT_MS;
    const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
    this.feeTimeoutMs = Number.isInteger(n) && n > 0 ? n : DEFAULT_FEE_TIMEOUT_MS;
  }
}

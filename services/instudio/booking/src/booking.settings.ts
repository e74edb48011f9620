import { Injectable } from '@nestjs/common';

export const DEFAULT_LEAD_TIME_MINUTES = 60;

/**
 * Booking's own settings, read from the environment once per process start (the only place
 * this service reads process.env). `BOOKING_LEAD_TIME_MINUTES`: how far ahead a booking must
 * start (default 60; 0 lets a booking start at any future minute).
 */
@Injectable()
export class BookingSettings {
  readonly leadTimeMinutes: number;

  constructor() {
    const raw = process.env.BOOKING_LEAD_TIME_MINUTES;
    const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
    this.leadTimeMinutes = Number.isInteger(n) && n >= 0 ? n : DEFAULT_LEAD_TIME_MINUTES;
  }
}

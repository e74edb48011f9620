import { Injectable } from '@nestjs/common';

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n >= min ? n : fallback;
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/**
 * Ticketing's settings, read from the environment once per process start (the only place
 * this service reads process.env):
 * - MUSICFEST_MAX_PER_TYPE (6): tickets of one type per purchase;
 * - MUSICFEST_MAX_PER_USER (12): tickets per user per event, across live purchases;
 * - MUSICFEST_WAITLIST_FACTOR (1): waitlist capacity per type = factor × the type's capacity (tickets);
 * - MUSICFEST_HOLD_TIMEOUT_MS (600000): how long reserved seats wait for the payment;
 * - MUSICFEST_ISSUE_TIMEOUT_MS (86400000): how long a paid purchase waits for its tickets;
 * - COORDINA_TEST_FAULTS=1: enables the test-only fault switch (/api/musicfest/faults).
 */
@Injectable()
export class TicketingSettings {
  readonly maxPerType = intFromEnv('MUSICFEST_MAX_PER_TYPE', 6, 1);
  readonly maxPerUser = intFromEnv('MUSICFEST_MAX_PER_USER', 12, 1);
  readonly waitlistFactor = numberFromEnv('MUSICFEST_WAITLIST_FACTOR', 1);
  readonly holdTimeoutMs = intFromEnv('MUSICFEST_HOLD_TIMEOUT_MS', 600_000, 100);
  readonly issueTimeoutMs = intFromEnv('MUSICFEST_ISSUE_TIMEOUT_MS', 86_400_000, 1000);
  readonly testFaults = process.env.COORDINA_TEST_FAULTS === '1';
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokens, type Role, sql } from '@coordina/platform';
import type { ServiceRuntime as ServiceContext } from '@coordina/platform/runtime';
import { startTestApp, type TestApp, uniquePrefix } from '@coordina/platform/testing';
import { analyticsService } from '../src';
import { ANALYTICS_GROUP } from '../src/instudio/events/instudio-events.consumer';
import { instudioStub, publish, type StubEvent } from './instudio.stub';
import type { Scenario } from './scenario.data';

/** Where one test's apps keep their databases and DuckDB file, so a restart finds them again. */
export class AnalyticsFixture {
  readonly prefix = uniquePrefix();
  readonly dataDir = mkdtempSync(join(tmpdir(), 'coordina-analytics-'));
  /** Kept across restarts, so tokens signed before one still verify after it. */
  readonly jwtSecret = randomBytes(32).toString('hex');

  constructor(readonly scenario: Scenario) {}

  /** Boots the stub publisher, with analytics unless `analytics: false` (analytics is "down"). */
  boot(options: { analytics?: boolean } = {}): Promise<TestApp> {
    const stub = instudioStub(this.scenario.salons);
    const services = options.analytics === false ? [stub] : [analyticsService, stub];
    return startTestApp({
      services,
      config: { dbPrefix: this.prefix, dataDir: this.dataDir, jwtSecret: this.jwtSecret },
    });
  }

  /**
   * Closes `app`, publishes `events` while analytics is down (the stub publisher alone), and
   * boots again with analytics, which finds them waiting in the log.
   */
  async publishWhileDown(app: TestApp, events: readonly StubEvent[]): Promise<TestApp> {
    await app.close();
    const down = await this.boot({ analytics: false });
    try {
      await publish(ctxOf(down, 'instudio-stub'), events);
    } finally {
      await down.close();
    }
    return this.boot();
  }

  /**
   * As after a crash between the DuckDB commit and the inbox commit: forgets the inbox of
   * consumer `group` and delivers every event of `topics` again. Returns when the replay began.
   */
  async replayAll(app: TestApp, group: string, topics: readonly string[]): Promise<Date> {
    const bus = ctxOf(app, 'analytics').bus;
    const replayed = new Date();
    const [head, ...rest] = topics;
    if (head === undefined) return replayed;
    await bus.replay(group, { topic: head, offset: 0 }, { reprocess: true });
    for (const topic of rest) await bus.replay(group, { topic, offset: 0 });
    return replayed;
  }

  sign(app: TestApp, id: string, roles: Role[]): Promise<string> {
    return new AccessTokens(app.config.jwtSecret, 3600).sign({ id, email: `${id}@example.test`, roles });
  }

  async tokens(app: TestApp) {
    const sign = (id: string, roles: Role[]) => this.sign(app, id, roles);
    return {
      platform: await sign('00000000-0000-4000-8000-0000000000aa', ['platform_admin']),
      adminA: await sign(this.scenario.adminA, ['salon_admin']),
      adminB: await sign(this.scenario.adminB, ['salon_admin']),
      client: await sign('00000000-0000-4000-8000-0000000000cc', ['client']),
    };
  }
}

export function ctxOf(app: TestApp, name: string): ServiceContext {
  const ctx = app.contexts.get(name);
  if (!ctx) throw new Error(`${name} is not running`);
  return ctx;
}

/** Events an analytics consumer group has handled, by its PostgreSQL inbox (since a moment, if given). */
export async function inboxCount(app: TestApp, since = new Date(0), group = ANALYTICS_GROUP): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM coordina_inbox
    WHERE group_id = ${group} AND outcome = 'handled' AND handled_at >= ${since}`.execute(
    ctxOf(app, 'analytics').db.db,
  );
  return Number(r.rows[0]?.n ?? 0);
}

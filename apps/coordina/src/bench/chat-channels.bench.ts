import { channelsService } from '@coordina/chat-channels';
import { AccessTokens, Database, MINTED_SIGN_IN, sql, withDatabase } from '@coordina/platform';
import { databaseName } from '@coordina/platform/runtime';
import { bootBenchServices } from './service-app';
import { percentile } from './stats';

export interface ChannelFanoutResult {
  subscribers: number;
  posts: number;
  /** The author's POST, send to answer: p50, ms. */
  postP50: number;
  /** From the POST's send until every subscriber's notification is published on the log: p50 and max, ms. */
  notifiedP50: number;
  notifiedMax: number;
}

/**
 * A channel post to `subscribers` subscribers (decision 0085): chat-channels alone in this
 * process (embedded: PostgreSQL log, pg-boss), its subscriptions written with one INSERT.
 * `posts` posts one after the other; each is timed from the author's send until every
 * subscriber is recorded as told and every `publicacion.notificada` of it has left the outbox
 * (polled every 5 ms).
 */
export async function channelFanoutBench(
  pgUrl: string,
  subscribers: number,
  posts: number,
): Promise<ChannelFanoutResult> {
  const { app, base, config, dbPrefix } = await bootBenchServices(pgUrl, [channelsService]);
  const db = new Database(withDatabase(pgUrl, databaseName(dbPrefix, channelsService.name)), { max: 2 });
  try {
    const owner = crypto.randomUUID();
    const token = await new AccessTokens(config.jwtSecret, 3600).sign({
      id: owner,
      email: `${owner}@bench.test`,
      roles: ['client'],
      ...MINTED_SIGN_IN,
    });
    const call = async (path: string, json: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
      const body = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      return body.id;
    };
    const channelId = await call('/api/chat/channels', { title: 'Bench' });
    await sql`INSERT INTO subscriptions (channel_id, user_id, status)
      SELECT ${channelId}, gen_random_uuid(), 'active' FROM generate_series(1, ${subscribers})`.execute(db.db);
    const postTimes: number[] = [];
    const notified: number[] = [];
    for (let i = 0; i < posts; i++) {
      const t0 = performance.now();
      const postId = await call(`/api/chat/channels/${channelId}/posts`, { text: `Publicación ${i}` });
      postTimes.push(performance.now() - t0);
      for (;;) {
        const r = await sql<{ told: number; pending: number }>`SELECT
            (SELECT count(*)::int FROM post_notifications WHERE post_id = ${postId}) AS told,
            (SELECT count(*)::int FROM coordina_outbox WHERE published_at IS NULL) AS pending`.execute(db.db);
        const row = r.rows[0];
        if (row && row.told >= subscribers && row.pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      notified.push(performance.now() - t0);
    }
    postTimes.sort((a, b) => a - b);
    notified.sort((a, b) => a - b);
    return {
      subscribers,
      posts,
      postP50: percentile(postTimes, 50),
      notifiedP50: percentile(notified, 50),
      notifiedMax: notified.at(-1) ?? Number.NaN,
    };
  } finally {
    await db.close();
    await app.close();
  }
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SuscripcionCreada } from '@coordina/chat-channels/contracts';
import { assertProblem, eventually } from '@coordina/platform/testing';
import { localeKeys, preferredLocale } from '../src/domain/locale';
import { AdsFixture, type AdsUser } from './ads.fixture';

describe('Chat ads: targeting by interests, channels followed, locale and placement', () => {
  let f: AdsFixture;
  let owner: AdsUser;

  before(async () => {
    f = await AdsFixture.start();
    owner = await f.advertiser();
  });
  after(() => f?.close());

  /** The ad ids a user is served at the placement, until 204. */
  const adsFor = async (u: AdsUser, placement: string, headers: Record<string, string> = {}) => {
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await f.next(u, placement, '', headers);
      if (r.status === 204) break;
      assert.equal(r.status, 200, r.text);
      seen.push(r.body.id);
    }
    return [...new Set(seen)].sort();
  };
  const targeted = (targeting: Record<string, unknown>, placement: string) =>
    f.campaign(owner, placement, { targeting, frequencyCap: 1 }).then((c) => c.id as string);

  it('shows a campaign only to users whose interests, locale and followed channels match', async () => {
    const placement = f.placement();
    const channel = randomUUID();
    const futbol = await targeted({ interests: ['futbol', 'deportes'] }, placement);
    const english = await targeted({ locales: ['en'] }, placement);
    const peru = await targeted({ locales: ['es-PE'] }, placement);
    const fans = await targeted({ channelIds: [channel] }, placement);
    const everyone = await targeted({}, placement);

    const ana = await f.user();
    const profile = await f.profile(ana, { interests: ['Futbol', 'cocina'], locale: 'es-PE' });
    assert.equal(profile.status, 200, profile.text);
    assert.deepEqual([profile.body.interests, profile.body.locale], [['futbol', 'cocina'], 'es-pe']);
    await f.ctx.db.transaction((tx) =>
      f.ctx.bus.publish(tx, SuscripcionCreada, { channelId: channel, userId: ana.id, at: new Date().toISOString() }),
    );
    await eventually(async () => (await f.get(ana, '/api/chat/ads/profile')).body.channelIds.includes(channel));
    assert.deepEqual(await adsFor(ana, placement), [futbol, peru, fans, everyone].sort());

    // No profile: the locale comes from Accept-Language, no interests, no channels.
    const beto = await f.user();
    assert.deepEqual(
      await adsFor(beto, placement, { 'accept-language': 'fr;q=0.5, en-GB, es;q=0.8' }),
      [english, everyone].sort(),
    );
    const caro = await f.user();
    assert.deepEqual(await adsFor(caro, placement), [everyone]);
    assert.equal((await f.next(caro, f.placement())).status, 204, 'another placement shows none of them');
  });

  it('prefers the campaign that targets the user most specifically', async () => {
    const placement = f.placement();
    const broad = await targeted({}, placement);
    const precise = await targeted({ interests: ['jazz'], locales: ['es'] }, placement);
    const ana = await f.user();
    await f.profile(ana, { interests: ['jazz'], locale: 'es' });
    const first = await f.next(ana, placement);
    assert.equal(first.body.id, precise);
    assert.equal((await f.next(ana, placement)).body.id, broad);
  });

  it('does not show a campaign before its start or after its end', async () => {
    const placement = f.placement();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await f.campaign(owner, placement, { startsAt: later });
    assert.equal((await f.next(await f.user(), placement)).status, 204);
  });

  it('validates campaigns, profiles and ad requests, naming the field', async () => {
    const bad = async (json: Record<string, unknown>, field: string) => {
      const r = await f.app.fetch('/api/chat/ads/campaigns', {
        token: owner.token,
        json: {
          creative: { title: 'x', text: 'y', targetUrl: 'https://example.test' },
          budgetCents: 100,
          pricing: 'impression',
          priceCents: 1,
          frequencyCap: 1,
          ...json,
        },
      });
      assertProblem(r, { status: 400, field });
    };
    await bad({ creative: { title: 'x', text: 'y', targetUrl: 'javascript:alert(1)' } }, 'body.creative.targetUrl');
    await bad({ priceCents: 101 }, 'body.priceCents');
    await bad({ frequencyCap: 0 }, 'body.frequencyCap');
    await bad({ pricing: 'free' }, 'body.pricing');
    await bad({ targeting: { locales: ['español'] } }, 'body.targeting.locales.0');
    await bad({ startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 'body.endsAt');
    const u = await f.user();
    assertProblem(await f.next(u, 'Not A Slug'), { status: 400, field: 'query.placement' });
    assertProblem(await f.profile(u, { interests: ['a b'] }), { status: 400, field: 'body.interests.0' });
    assertProblem(await f.click(u, randomUUID(), 'nope'), { status: 400, field: 'body.token' });
  });

  it('reads the preferred locale of an Accept-Language header', () => {
    assert.equal(preferredLocale('fr;q=0.5, en-GB, es;q=0.8'), 'en-gb');
    assert.equal(preferredLocale('es-PE,es;q=0.9'), 'es-pe');
    assert.equal(preferredLocale('*'), undefined);
    assert.equal(preferredLocale(undefined), undefined);
    assert.deepEqual(localeKeys('es-pe'), ['es-pe', 'es']);
    assert.deepEqual(localeKeys(null), []);
  });
});

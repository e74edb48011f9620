import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Logger, type ServiceContext } from '@coordina/platform';
import { ServiceClient, StaticInstances } from '@coordina/platform/runtime';
import { PromotionsClient } from '../src/http/promotions.client';

const SALON = '10000000-0000-4000-8000-000000000001';

/** The promotions client against a local stand-in for the salons service, found as its instance. */
describe('promotions client', () => {
  let server: Server;
  let client: PromotionsClient;
  let answer: { status: number; body: unknown } = { status: 404, body: {} };
  let lastUrl = '';

  before(async () => {
    server = createServer((req, res) => {
      lastUrl = req.url ?? '';
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const log = { warn: () => undefined, error: () => undefined } as unknown as Logger;
    const http = new ServiceClient({
      caller: 'instudio-booking',
      internalToken: 'test-token',
      log,
      instances: new StaticInstances({ 'instudio-salons': [`http://127.0.0.1:${port}`] }),
    });
    client = new PromotionsClient({ http } as unknown as ServiceContext);
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const promotion = {
    id: '40000000-0000-4000-8000-000000000001',
    salonId: SALON,
    name: 'Diez',
    description: '',
    discountPercent: 10,
    serviceIds: ['20000000-0000-4000-8000-000000000101'],
    validFrom: '2030-01-01',
    validTo: '2030-12-31',
    weekdays: [1],
    startTime: '09:00',
    endTime: '19:00',
    active: true,
  };

  it("reads a salon's active promotions, validated with the salons contract", async () => {
    answer = { status: 200, body: { items: [promotion], total: 1, page: 1, pageSize: 100 } };
    assert.deepEqual(await client.active(SALON), [promotion]);
    assert.equal(lastUrl, `/api/instudio/promotions?salonId=${SALON}&active=true&pageSize=100`);
  });

  it('takes a 404 (no such endpoint yet) as no promotions', async () => {
    answer = { status: 404, body: { code: 'ROUTE_NOT_FOUND' } };
    assert.deepEqual(await client.active(SALON), []);
  });

  it('answers 503 when the salons service fails or breaks its contract, rather than a wrong price', async () => {
    answer = { status: 500, body: {} };
    await assert.rejects(client.active(SALON), { code: 'SERVICE_UNAVAILABLE' });
    answer = { status: 200, body: { items: [{ ...promotion, discountPercent: 'ten' }] } };
    await assert.rejects(client.active(SALON), { code: 'SERVICE_UNAVAILABLE' });
  });
});

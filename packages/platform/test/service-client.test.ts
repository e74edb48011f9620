import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { StaticInstances } from '../src/discovery/instance-locator';
import { internalCallerToken } from '../src/gateway/internal-caller';
import { ServiceClient, type ServiceHttp } from '../src/http/service-client';
import { createLogger } from '../src/observability/logger';
import { runWithContext } from '../src/observability/request-context';
import { CoordinaApp } from '../src/runtime/coordina.app';
import { startTestApp, testConfig } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';
import { calleeRoutes, calleeService, callerService, heldCalls } from './callee.service';

const TRACE = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
const traceId = (traceparent: string) => traceparent.split('-')[1];

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The caller and the callee in one process that never listens: ctx.http calls in-process. */
function bootCallerAndCallee(): Promise<CoordinaApp> {
  const config = testConfig({ logLevel: 'silent' });
  return CoordinaApp.boot({ config, services: [calleeService, callerService], gateway: false });
}

/**
 * ctx.http both ways: in-process in an app that serves the callee and never listens (no
 * socket), and over HTTP to an instance of a callee-only app, a refusing instance listed first.
 */
describe('service client', () => {
  let local: CoordinaApp;
  let remote: TestApp;
  let overHttp: ServiceClient;
  let dead: string;
  const log = createLogger({ level: 'silent' });

  before(async () => {
    local = await bootCallerAndCallee();
    remote = await startTestApp({ services: [calleeService] });
    dead = `http://127.0.0.1:${await closedPort()}`;
    overHttp = new ServiceClient({
      caller: 'caller',
      internalToken: internalCallerToken(remote.config.jwtSecret),
      log,
      instances: new StaticInstances({ callee: [dead, remote.url] }),
    });
  });
  after(async () => {
    await local?.close();
    await remote?.close();
  });

  const ways: [string, () => ServiceHttp][] = [
    ['in-process', () => local.contexts.get('caller')?.http as ServiceHttp],
    ['over HTTP', () => overHttp],
  ];
  for (const [way, client] of ways) {
    describe(way, () => {
      it('forwards the request id and traceparent, and calls as an internal platform caller', async () => {
        const seen = await runWithContext({ requestId: 'svc-client-req-1', traceparent: TRACE }, () =>
          client().call(calleeRoutes, 'GET /api/callee/things/:id', { params: { id: 'a b' } }),
        );
        assert.equal(seen.id, 'a b');
        assert.equal(seen.requestId, 'svc-client-req-1');
        assert.equal(seen.sentTraceparent, TRACE);
        assert.equal(traceId(seen.traceparent), traceId(TRACE), 'the callee runs in the same trace');
        assert.equal(seen.internal, true);
        assert.equal(seen.caller, 'caller');
      });

      it('sends a typed body and answers the validated response', async () => {
        const made = await client().call(calleeRoutes, 'POST /api/callee/things', { body: { name: 'lamp' } });
        assert.equal(made.name, 'lamp');
        assert.match(made.requestId, /.+/, 'a call outside any request still gets ids');
      });

      it("maps problem+json answers to AppErrors with the problem's code; find takes a 404 as undefined", async () => {
        const call = (id: string) => client().call(calleeRoutes, 'GET /api/callee/things/:id', { params: { id } });
        await assert.rejects(call('taken'), { name: 'ServiceCallError', code: 'CONFLICT', status: 409 });
        await assert.rejects(call('missing'), { code: 'NOT_FOUND', status: 404, notFound: true });
        assert.equal(
          await client().find(calleeRoutes, 'GET /api/callee/things/:id', { params: { id: 'missing' } }),
          undefined,
        );
        await assert.rejects(client().call(calleeRoutes, 'GET /api/callee/admin'), { code: 'UNAUTHENTICATED' });
      });

      it('refuses a body the contract refuses, a 5xx and a late answer with SERVICE_UNAVAILABLE', async () => {
        const unavailable = { code: 'SERVICE_UNAVAILABLE', status: 503 };
        await assert.rejects(client().call(calleeRoutes, 'GET /api/callee/broken'), unavailable);
        await assert.rejects(client().find(calleeRoutes, 'GET /api/callee/boom'), unavailable);
        await assert.rejects(client().call(calleeRoutes, 'GET /api/callee/slow', { timeoutMs: 200 }), unavailable);
      });
    });
  }

  it('in-process: the app answering never listened on a socket', () => {
    assert.equal(local.nest.getHttpServer().listening, false);
  });

  it('over HTTP: answers 503 when no instance answers, and skips refusing ones', async () => {
    const only = (urls: string[]) =>
      new ServiceClient({
        caller: 'caller',
        internalToken: 'x',
        log,
        instances: new StaticInstances({ callee: urls }),
      });
    await assert.rejects(only([dead]).call(calleeRoutes, 'GET /api/callee/things/:id', { params: { id: 'a' } }), {
      code: 'SERVICE_UNAVAILABLE',
    });
    await assert.rejects(only([]).call(calleeRoutes, 'GET /api/callee/things/:id', { params: { id: 'a' } }), {
      code: 'SERVICE_UNAVAILABLE',
    });
    const seen = await only([dead, remote.url]).call(calleeRoutes, 'GET /api/callee/things/:id', {
      params: { id: 'b' },
    });
    assert.equal(seen.id, 'b');
  });
});

/**
 * A process that stops while one of its services is answering another's call (a chat socket
 * closed by the stopping gateway records its presence so): the call is answered before the
 * databases close, and a call that comes after is refused with 503, never a 500 from a closed pool.
 */
describe('service client, in-process, while the process stops', () => {
  it('answers the calls in flight before closing the databases and refuses later ones with 503', async () => {
    const app = await bootCallerAndCallee();
    const http = app.contexts.get('caller')?.http as ServiceHttp;
    const inFlight = http.call(calleeRoutes, 'GET /api/callee/held');
    await heldCalls.started.promise;
    const order: string[] = [];
    const closed = app.close().then(() => order.push('closed'));
    // The call is let go once the close has ended, or after 2 s if the close waits for it (it must):
    // a close that did not wait has closed the database under it by then.
    await Promise.race([closed, sleep(2000)]);
    heldCalls.released.resolve();
    const answer = await inFlight.then(
      (a) => a,
      (err: unknown) => err,
    );
    order.push('answered');
    await closed;
    assert.deepEqual(answer, { read: true }, 'the call in flight was answered from the database');
    assert.deepEqual(order, ['answered', 'closed'], 'the close waited for the call');
    await assert.rejects(http.call(calleeRoutes, 'GET /api/callee/things/:id', { params: { id: 'late' } }), {
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
    });
  });
});

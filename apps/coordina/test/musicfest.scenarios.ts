import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import type { Product, ProductOptions } from './harness';
import { Mailbox } from './mailbox';
import { MusicFestClient, type PurchaseView } from './musicfest.client';

/** Environment both topologies run MusicFest's scenarios with. */
export const musicfestEnv: Record<string, string> = {
  COORDINA_TEST_FAULTS: '1',
  MUSICFEST_HOLD_TIMEOUT_MS: '60000',
};

const BUYERS = 300;
const SEATS = 100;

/** MusicFest through the gateway, run unchanged on each topology. */
export function musicfestScenarios(name: string, start: (o: ProductOptions) => Promise<Product>): void {
  describe(`MusicFest end to end (${name})`, () => {
    let p: Product;
    let mail: Mailbox;
    let mf: MusicFestClient;
    let managerToken: string;
    let adminToken: string;

    before(async () => {
      mail = await new Mailbox().start();
      p = await start({ smtpUrl: mail.url, env: musicfestEnv, perIpPerMinute: 1_000_000 });
      mf = new MusicFestClient(p, mail);
      managerToken = await mf.manager();
      adminToken = await mf.admin();
    });
    after(async () => {
      await p?.close();
      await mail?.close();
    });

    it('registers a MusicFest account with an emailed code, signs in with 2FA, remembers the device and flags a new country', async () => {
      const email = `fan-${randomUUID().slice(0, 8)}@e2e.test`;
      const password = 'festival pass 1';
      const reg = await p.fetch('/api/identity/register', {
        json: {
          email,
          password,
          name: 'Lucía Quispe',
          phone: '+51987654321',
          country: 'PE',
          birthDate: '1996-05-14',
          locale: 'en',
          system: 'musicfest',
        },
      });
      assert.equal(reg.status, 201, reg.text);
      const early = await p.fetch('/api/identity/login', { json: { email, password } });
      assert.equal(early.status, 403, early.text);
      assert.equal(early.body.code, 'EMAIL_NOT_VERIFIED');
      const code = await mail.extract(email, /\b(\d{6})\b/);
      const wrong = await p.fetch('/api/identity/verify-email', {
        json: { email, code: code === '000000' ? '111111' : '000000' },
      });
      assert.equal(wrong.status, 400, wrong.text);
      const verified = await p.fetch('/api/identity/verify-email', { json: { email, code } });
      assert.equal(verified.status, 204, verified.text);

      const first = await mf.signIn(email, password, { rememberDevice: true });
      assert.ok(first.accessToken && first.deviceToken, 'the 2FA step answers tokens and a device token');
      const me = await p.fetch('/api/identity/me', { token: first.accessToken });
      assert.equal(me.status, 200, me.text);
      const mailsBefore = mail.to(email).length;
      const again = await p.fetch('/api/identity/login', {
        json: { email, password, deviceToken: first.deviceToken },
        headers: { 'x-client-country': 'CL' },
      });
      assert.equal(again.status, 200, again.text);
      assert.ok(again.body.accessToken, 'a remembered device skips the emailed code');
      await eventually(async () => mail.to(email).length > mailsBefore, 15_000);
      const notice = mail.to(email).slice(mailsBefore);
      assert.ok(
        notice.some((m) => /CL|Chile|country|sign-in|login/i.test(`${m.subject} ${m.text}`)),
        JSON.stringify(notice),
      );
    });

    it('locks a MusicFest account after 3 failures, and resets the password once by an emailed link', async () => {
      const email = `lock-${randomUUID().slice(0, 8)}@e2e.test`;
      const password = 'festival pass 2';
      const reg = await p.fetch('/api/identity/register', {
        json: {
          email,
          password,
          name: 'Diego',
          phone: '+51911122233',
          country: 'PE',
          birthDate: '1990-01-02',
          system: 'musicfest',
        },
      });
      assert.equal(reg.status, 201, reg.text);
      const code = await mail.extract(email, /\b(\d{6})\b/);
      assert.equal((await p.fetch('/api/identity/verify-email', { json: { email, code } })).status, 204);
      const session = await mf.signIn(email, password);
      for (let i = 0; i < 3; i++) {
        const bad = await p.fetch('/api/identity/login', { json: { email, password: 'wrong password' } });
        assert.equal(bad.status, 401, bad.text);
      }
      const locked = await p.fetch('/api/identity/login', { json: { email, password } });
      assert.equal(locked.status, 423, locked.text);
      assert.ok(Number(locked.headers.get('retry-after')) > 0);

      const forgot = await p.fetch('/api/identity/password/forgot', { json: { email } });
      assert.equal(forgot.status, 202, forgot.text);
      const link = await mail.extract(email, /(https?:\/\/\S*reset-password\?token=[\w-]+)/);
      const token = new URL(link).searchParams.get('token');
      const reset = await p.fetch('/api/identity/password/reset', { json: { token, password: 'brand new pass 3' } });
      assert.equal(reset.status, 204, reset.text);
      const reused = await p.fetch('/api/identity/password/reset', { json: { token, password: 'another pass 4' } });
      assert.equal(reused.status, 400, reused.text);
      const refresh = await p.fetch('/api/identity/refresh', { json: { refreshToken: session.refreshToken } });
      assert.equal(refresh.status, 401, 'the reset revoked every refresh token');
      const back = await mf.signIn(email, 'brand new pass 3');
      assert.ok(back.accessToken, 'the new password works and the lock is cleared');
    });

    it("asks an InStudio account to step up to MusicFest's policy before buying; logout-all then ends its token in every gateway", async () => {
      const { eventId, ticketTypeId } = await mf.onSaleEvent(managerToken, 5);
      const email = `studio-${randomUUID().slice(0, 8)}@e2e.test`;
      const password = 'studio pass 5';
      const reg = await p.fetch('/api/identity/register', { json: { email, password, name: 'Ines' } });
      assert.equal(reg.status, 201, reg.text);
      const plain = await mf.signIn(email, password);
      const refused = await mf.buy(plain.accessToken, eventId, ticketTypeId, 1);
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.body.code, 'STEP_UP_REQUIRED');

      const code = await mail.extract(email, /\b(\d{6})\b/);
      assert.equal((await p.fetch('/api/identity/verify-email', { json: { email, code } })).status, 204);
      const stepped = await mf.signIn(email, password, { policy: 'musicfest' });
      const bought = await mf.buy(stepped.accessToken, eventId, ticketTypeId, 1);
      assert.equal(bought.status, 202, bought.text);

      const out = await p.fetch('/api/identity/logout-all', { token: stepped.accessToken, method: 'POST' });
      assert.equal(out.status, 204, out.text);
      const me = () => p.fetch('/api/identity/me', { token: stepped.accessToken });
      if (p.name === 'embedded') assert.equal((await me()).status, 401, 'refused at once');
      // Every gateway refuses it (each reads the version through a cache of at most 2 s).
      await eventually(async () => (await Promise.all([0, 1, 2, 3].map(me))).every((r) => r.status === 401), 10_000);
      const last = await me();
      assert.equal(last.status, 401, last.text);
      assert.equal(last.body.code, 'INVALID_TOKEN');
    });

    it(`sells exactly ${SEATS} tickets to ${BUYERS} concurrent buyers; the rest wait in line or are refused with a reason`, async () => {
      const { eventId, ticketTypeId } = await mf.onSaleEvent(managerToken, SEATS);
      const buyers = await Promise.all(Array.from({ length: BUYERS }, () => p.mint(randomUUID())));
      const answers = await Promise.all(buyers.map((t) => mf.buy(t, eventId, ticketTypeId, 1)));
      const accepted: { token: string; id: string; status: string; position?: number }[] = [];
      for (const [i, a] of answers.entries()) {
        if (a.status === 202) {
          assert.ok(['PENDING', 'WAITLISTED'].includes(a.body.status), a.text);
          if (a.body.status === 'WAITLISTED') assert.ok(a.body.position >= 1, a.text);
          accepted.push({ token: buyers[i] as string, ...a.body });
        } else {
          assert.equal(a.status, 409, a.text);
          assert.equal(a.body.code, 'SOLD_OUT', a.text);
          assert.ok(a.body.detail, 'a refusal says why');
        }
      }
      const pending = accepted.filter((a) => a.status === 'PENDING');
      const waiting = accepted.filter((a) => a.status === 'WAITLISTED');
      assert.equal(pending.length, SEATS, 'every seat is reserved by one purchase');
      const positions = waiting.map((w) => w.position);
      assert.equal(new Set(positions).size, positions.length, 'waitlist positions are distinct');

      const done = await Promise.all(pending.map((a) => mf.until(a.token, a.id)));
      assert.ok(
        done.every((v) => v.status === 'COMPLETED'),
        JSON.stringify(done.filter((v) => v.status !== 'COMPLETED')),
      );
      const codes = done.flatMap((v) => v.tickets.map((t) => t.code));
      assert.equal(codes.length, SEATS, 'exactly one ticket per seat');
      assert.equal(new Set(codes).size, SEATS, 'no duplicate codes');
      for (const w of waiting.slice(0, 5)) assert.equal((await mf.purchase(w.token, w.id)).status, 'WAITLISTED');

      // Payments reconcile with the tickets: one authorized charge of the purchase total each.
      for (const v of done) {
        assert.ok(v.paymentId, 'a completed purchase names its payment');
        const pay = await p.fetch(`/api/payments/${v.paymentId}`, { token: adminToken });
        assert.equal(pay.status, 200, pay.text);
        assert.equal(pay.body.status, 'AUTHORIZED');
        assert.equal(pay.body.amount, v.total);
      }
      const board = await p.fetch(`/api/musicfest/events/${eventId}/dashboard`, { token: managerToken });
      assert.equal(board.status, 200, board.text);
      assert.equal(board.body.totals.sold, SEATS);
      assert.equal(
        board.body.totals.collected,
        done.reduce((s, v) => s + v.total, 0),
      );
      await eventually(async () => {
        const e = await p.fetch(`/api/musicfest/events/${eventId}`);
        return e.body.ticketTypes[0].seatsLeft === 0;
      }, 10_000);

      // Two buyers cancel: refunded, and their seats go to the first two in line, in order.
      const line = [...waiting].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
      for (const a of pending.slice(0, 2)) {
        const c = await p.fetch(`/api/musicfest/purchases/${a.id}/cancel`, { token: a.token, method: 'POST' });
        assert.equal(c.status, 200, c.text);
        const v = await mf.until(a.token, a.id, new Set(['CANCELLED']));
        assert.equal(v.status, 'CANCELLED');
      }
      const promoted = await Promise.all(line.slice(0, 2).map((w) => mf.until(w.token, w.id)));
      assert.deepEqual(
        promoted.map((v) => v.status),
        ['COMPLETED', 'COMPLETED'],
      );
      const third = line[2];
      if (third) assert.equal((await mf.purchase(third.token, third.id)).status, 'WAITLISTED');
      const after = await p.fetch(`/api/musicfest/events/${eventId}/dashboard`, { token: managerToken });
      assert.equal(after.body.totals.sold, SEATS, 'still exactly the seats: never oversold');
    });

    it('streams a waitlisted purchase over SSE and lets the buyer leave the line', async () => {
      const { eventId, ticketTypeId } = await mf.onSaleEvent(managerToken, 1);
      const first = await p.mint(randomUUID());
      const second = await p.mint(randomUUID());
      assert.equal((await mf.buy(first, eventId, ticketTypeId)).body.status, 'PENDING');
      const w = await mf.buy(second, eventId, ticketTypeId);
      assert.equal(w.status, 202, w.text);
      assert.equal(w.body.status, 'WAITLISTED');
      assert.equal(w.body.position, 1);
      assert.ok(typeof w.body.estimatedWaitSeconds === 'number');
      const stream = await mf.sse(`/api/musicfest/purchases/${w.body.id}/stream`, second, /"position":1/);
      assert.equal(stream.status, 200, stream.text);
      assert.match(stream.contentType, /text\/event-stream/);
      assert.match(stream.text, /data: .*"status":"WAITLISTED"/);
      const leave = await p.fetch(`/api/musicfest/purchases/${w.body.id}/cancel`, { token: second, method: 'POST' });
      assert.equal(leave.status, 200, leave.text);
      assert.equal((await mf.purchase(second, w.body.id)).status, 'CANCELLED');
    });

    it('parks a purchase whose ticket issue fails, holds its later events, and drains them after a retry', async () => {
      const { eventId, ticketTypeId } = await mf.onSaleEvent(managerToken, 10);
      const victimId = randomUUID();
      const victim = await p.mint(victimId);
      const fault = await p.fetch('/api/musicfest/faults', {
        token: adminToken,
        json: { target: 'issuer', userId: victimId, failures: 1000 },
      });
      assert.ok([200, 201, 204].includes(fault.status), fault.text);
      const bought = await mf.buy(victim, eventId, ticketTypeId);
      assert.equal(bought.status, 202, bought.text);
      const failed = await eventually(async () => {
        const r = await p.fetch('/api/ops/failed?service=musicfest-ticketing', { token: adminToken });
        return r.body.items?.find((f: { key: string }) => f.key === bought.body.id);
      }, 30_000);
      // Other buyers are not affected.
      const other = await p.mint(randomUUID());
      const ok = await mf.buy(other, eventId, ticketTypeId);
      assert.equal((await mf.until(other, ok.body.id)).status, 'COMPLETED');
      // The victim cancels: that event waits behind the failed one.
      const cancel = await p.fetch(`/api/musicfest/purchases/${bought.body.id}/cancel`, {
        token: victim,
        method: 'POST',
      });
      assert.equal(cancel.status, 200, cancel.text);
      const held = await eventually(async () => {
        const r = await p.fetch('/api/ops/held', { token: adminToken });
        return r.body.items?.find((h: { key: string; topic: string }) => h.key === bought.body.id);
      }, 30_000);
      assert.match(held.topic, /entradas\.anular/, 'the void command waits behind the failed issue');
      assert.equal((await mf.purchase(victim, bought.body.id)).tickets.length, 0, 'no ticket while parked');
      const clear = await p.fetch(`/api/musicfest/faults/${victimId}`, { token: adminToken, method: 'DELETE' });
      assert.ok([200, 204].includes(clear.status), clear.text);
      const retry = await p.fetch(`/api/ops/failed/${failed.id}/retry`, { token: adminToken, method: 'POST' });
      assert.ok(retry.status < 300, retry.text);
      const end = await mf.until(victim, bought.body.id, new Set(['CANCELLED']), 30_000);
      // Issued first, then voided by the drained cancel: the held event ran after the retried one.
      assert.ok(end.tickets.length > 0, JSON.stringify(end));
      assert.ok(
        end.tickets.every((t) => t.status === 'VOID'),
        JSON.stringify(end.tickets),
      );
      await eventually(async () => {
        const r = await p.fetch('/api/ops/held', { token: adminToken });
        return !r.body.items?.some((h: { key: string }) => h.key === bought.body.id);
      }, 30_000);
    });

    it('tells every ticket holder about a change, and refunds every ticket when the event is cancelled', async () => {
      const { eventId, ticketTypeId } = await mf.onSaleEvent(managerToken, 5);
      const buyers = await Promise.all([0, 1, 2].map(() => p.mint(randomUUID())));
      const ids = await Promise.all(buyers.map(async (t) => (await mf.buy(t, eventId, ticketTypeId, 1)).body.id));
      const done: PurchaseView[] = await Promise.all(ids.map((id, i) => mf.until(buyers[i] as string, id)));
      assert.ok(done.every((v) => v.status === 'COMPLETED'));
      const edit = await p.fetch(`/api/musicfest/events/${eventId}`, {
        token: managerToken,
        method: 'PATCH',
        json: { place: 'Arena Perú, Surco' },
      });
      assert.equal(edit.status, 200, edit.text);
      for (const t of buyers)
        await eventually(async () => {
          const feed = await p.fetch('/api/notifications/me', { token: t });
          return feed.body.items?.some((n: { kind: string }) => n.kind === 'event_changed');
        }, 20_000);
      const cancel = await p.fetch(`/api/musicfest/events/${eventId}`, { token: managerToken, method: 'DELETE' });
      assert.ok(cancel.status < 300, cancel.text);
      const ends = await Promise.all(ids.map((id, i) => mf.until(buyers[i] as string, id, new Set(['CANCELLED']))));
      assert.equal(ends.length, 3);
      for (const v of ends) {
        const pay = await p.fetch(`/api/payments/${v.paymentId}`, { token: adminToken });
        await eventually(async () => {
          const r = await p.fetch(`/api/payments/${v.paymentId}`, { token: adminToken });
          return r.body.status === 'REFUNDED';
        }, 20_000);
        assert.equal(pay.status, 200);
      }
      const listed = await p.fetch(`/api/musicfest/events?q=${encodeURIComponent('Rush')}&pageSize=100`);
      assert.ok(!listed.body.items.some((e: { id: string }) => e.id === eventId), 'a cancelled event is off sale');
    });
  });
}

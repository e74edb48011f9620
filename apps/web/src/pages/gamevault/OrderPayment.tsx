import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { useMe } from '../../api/me';
import { check, rules } from '../../api/validate';
import { money } from '../../format';
import { PageForm, useSubmit } from '../Form';
import type { Order } from './parts';

/** Statuses whose payment was captured: a receipt exists and an admin may refund it. */
const CAPTURED: readonly string[] = ['PAID', 'FULFILLED', 'SHIPPED', 'DELIVERED'];

/**
 * The order's payment: its provider, what was refunded of it (an admin's partial refunds, or
 * all of it) and its state, the receipt (a PDF, fetched with the session and saved), and for a
 * platform admin the refund form (an amount, or nothing for the whole rest).
 */
export function OrderPayment({ order, provider }: { order: Order; provider: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [receiptFailed, setReceiptFailed] = useState(false);
  const captured = CAPTURED.includes(order.status) || order.refundedCents > 0;
  const receipt = async () => {
    const { data, error } = await api.GET('/api/payments/{id}/receipt', {
      params: { path: { id: order.paymentId } },
      parseAs: 'blob',
    });
    setReceiptFailed(Boolean(error));
    if (error || !data) return;
    const url = URL.createObjectURL(data as unknown as Blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `gamevault-${order.id}.pdf`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <Stack gap="xs">
      <Text data-testid="order-payment">
        {t('gamevault.order.provider')}: {provider}
        {order.refundStatus !== 'NONE' && ` · ${t(`gamevault.order.refund.${order.refundStatus}`)}`}
      </Text>
      {order.refundedCents > 0 && (
        <Text data-testid="order-refunded" data-cents={order.refundedCents}>
          {t('gamevault.order.refunded', {
            amount: money(order.refundedCents),
            total: money(order.totals.totalCents),
          })}
        </Text>
      )}
      {captured && (
        <Group>
          <Button variant="light" onClick={() => void receipt()} data-testid="order-receipt">
            {t('gamevault.order.receipt')}
          </Button>
          {receiptFailed && <Text c="red">{t('errors.generic')}</Text>}
        </Group>
      )}
      {captured && order.refundStatus === 'NONE' && me.data?.roles.includes('platform_admin') && (
        <RefundForm order={order} />
      )}
    </Stack>
  );
}

/** A platform admin's refund of the order's payment; one Idempotency-Key per attempt. */
function RefundForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [accepted, setAccepted] = useState(false);
  const key = useRef(newIdempotencyKey());
  const { errors, busy, error, run } = useSubmit();
  const rest = order.totals.totalCents - order.refundedCents;
  const soles = amount.trim() === '' ? undefined : Number(amount.replace(',', '.'));
  const cents = soles === undefined ? undefined : Math.round(soles * 100);
  const send = async () => {
    const broken = check({ reason }, { reason: [rules.required] });
    if (cents !== undefined && !(cents > 0 && cents <= rest))
      broken.amount = t('gamevault.order.refundAmountRule', { rest: money(rest) });
    const answer = await run(broken, () =>
      api.POST('/api/payments/{id}/refund', {
        params: { path: { id: order.paymentId } },
        headers: { 'idempotency-key': key.current },
        body: { reason: reason.trim(), ...(cents === undefined ? {} : { amount: cents }) },
      }),
    );
    key.current = newIdempotencyKey();
    if (!answer) return;
    setAccepted(true);
    setAmount('');
    void queries.invalidateQueries({ queryKey: ['gamevault-order', order.id] });
  };
  return (
    <PageForm onSubmit={() => void send()} errors={errors} gap="xs">
      <Text fw={600}>{t('gamevault.order.refundTitle')}</Text>
      <TextInput
        label={t('gamevault.order.refundAmount')}
        description={t('gamevault.order.refundAmountHelp', { rest: money(rest) })}
        name="amount"
        inputMode="decimal"
        value={amount}
        error={error('amount')}
        onChange={(e) => setAmount(e.currentTarget.value)}
      />
      <TextInput
        label={t('gamevault.order.refundReason')}
        name="reason"
        required
        maxLength={500}
        value={reason}
        error={error('reason')}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      {accepted && (
        <Alert color="green" role="status" data-testid="refund-accepted">
          {t('gamevault.order.refundAccepted')}
        </Alert>
      )}
      <Button type="submit" color="red" variant="light" loading={busy}>
        {t('gamevault.order.refundButton')}
      </Button>
    </PageForm>
  );
}

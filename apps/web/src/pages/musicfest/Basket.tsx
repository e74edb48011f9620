import { Alert, Button, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { useSignedIn } from '../../api/me';
import { asProblem, type Problem, problemMessage } from '../../api/problem';
import { setSystem } from '../../system';
import { signInPath } from '../access/return-to';
import { PricedItems } from './purchase';

/** The sandbox's card that succeeds (payments' sandbox provider); real cards come with Stripe. */
const PAYMENT_METHOD = 'pm_card_visa';
const MAX_QUANTITY = 1000;

/**
 * The basket, kept in the URL (`?qty=<ticketTypeId>:<n>`) so signing in and coming back keeps
 * it: quantities per ticket type, read and written by the event page's table.
 */
export function useBasket() {
  const [params, setParams] = useSearchParams();
  const items = params
    .getAll('qty')
    .map((entry) => entry.split(':'))
    .map(([ticketTypeId = '', n = '']) => ({ ticketTypeId, quantity: Number.parseInt(n, 10) }))
    .filter((i) => i.ticketTypeId && i.quantity > 0 && i.quantity <= MAX_QUANTITY);
  const quantity = (ticketTypeId: string) => items.find((i) => i.ticketTypeId === ticketTypeId)?.quantity ?? 0;
  const set = (ticketTypeId: string, n: number) => {
    const next = new URLSearchParams(params);
    next.delete('qty');
    for (const i of items) if (i.ticketTypeId !== ticketTypeId) next.append('qty', `${i.ticketTypeId}:${i.quantity}`);
    if (n > 0) next.append('qty', `${ticketTypeId}:${n}`);
    setParams(next, { replace: true });
  };
  return { items, quantity, set };
}

/** A ticket type's quantity field in the event's table. */
export function QuantityInput({
  name,
  value,
  onChange,
}: {
  name: string;
  value: number;
  onChange: (n: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <NumberInput
      aria-label={t('festival.quantityOf', { name })}
      name={`qty-${name}`}
      min={0}
      max={MAX_QUANTITY}
      allowDecimal={false}
      allowNegative={false}
      w={90}
      value={value}
      onChange={(v) => onChange(typeof v === 'number' ? v : Number.parseInt(v, 10) || 0)}
    />
  );
}

/**
 * The basket's summary as the API prices it (POST /api/musicfest/purchases/summary: price,
 * discount, 3% commission, total, whether seats are free now) and buying it with the sandbox
 * card. Signed out, or signed in without MusicFest's second factor, buying goes through
 * sign-in and comes back here.
 */
export function Basket({ eventId, items }: { eventId: string; items: { ticketTypeId: string; quantity: number }[] }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const here = useLocation();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  // One key per basket: a retry of the same basket (a lost answer) cannot buy it twice.
  const basketKey = JSON.stringify(items);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key when the basket changes
  const idempotencyKey = useMemo(newIdempotencyKey, [basketKey]);
  const summary = useQuery({
    queryKey: ['basket-summary', eventId, items],
    enabled: signedIn && items.length > 0,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.POST('/api/musicfest/purchases/summary', { body: { eventId, items } });
      return data ? { data } : { problem: asProblem(error) };
    },
  });
  const signIn = () => {
    setSystem('musicfest');
    void navigate(signInPath(here.pathname + here.search));
  };
  const buy = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { data, error } = await api.POST('/api/musicfest/purchases', {
        body: { eventId, items, paymentMethod: PAYMENT_METHOD },
        headers: { 'idempotency-key': idempotencyKey },
      });
      if (data) return void navigate(`/musicfest/purchases/${data.id}`);
      const refused = asProblem(error);
      if (refused?.code === 'STEP_UP_REQUIRED' || refused?.status === 401) return signIn();
      setProblem(refused ?? {});
    } finally {
      setBusy(false);
    }
  };
  const priced = summary.data?.data;
  const refusal = problem ?? summary.data?.problem;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="basket-title">
      <Stack>
        <Title order={2} size="h3" id="basket-title">
          {t('festival.basket')}
        </Title>
        {items.length === 0 && <Text>{t('festival.emptyBasket')}</Text>}
        {items.length > 0 && !signedIn && (
          <Button onClick={signIn} w="fit-content">
            {t('festival.signInToBuy')}
          </Button>
        )}
        {items.length > 0 && signedIn && priced && (
          <>
            <PricedItems basket={priced} />
            {!priced.seatsAvailableNow && (
              <Alert color="yellow" data-testid="waitlist-notice">
                {t('festival.waitlistNotice')}
              </Alert>
            )}
          </>
        )}
        {refusal && items.length > 0 && (
          <Alert color="red" role="alert" data-testid="basket-error">
            {problemMessage(refusal, t('errors.generic'))}
          </Alert>
        )}
        {items.length > 0 && signedIn && (
          <Button onClick={() => void buy()} loading={busy} disabled={!priced} w="fit-content">
            {priced && !priced.seatsAvailableNow ? t('festival.joinWaitlist') : t('festival.buy')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

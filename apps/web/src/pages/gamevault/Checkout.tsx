import { Button, Group, NativeSelect, Radio, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { useSignedIn } from '../../api/me';
import type { paths } from '../../api/openapi';
import { money } from '../../format';
import { DetailPage } from '../DetailPage';
import { PageForm, useSubmit } from '../Form';
import { CART_KEY, SignInFirst, TotalsTable, useCart, useGameVault } from './parts';
import { addressBody, addressRules, EMPTY_ADDRESS, ShippingAddressFields } from './ShippingAddressFields';

type PaymentMethod =
  paths['/api/gamevault/orders']['post']['requestBody']['content']['application/json']['paymentMethod'];
type Provider = PaymentMethod['provider'];
const PROVIDERS: readonly Provider[] = ['card', 'paypal', 'yape', 'plin'];
/** The payments sandbox's cards and saved PayPal wallets (decision 0063). */
const CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclined'] as const;
const WALLETS = ['paypal_vault_ok', 'paypal_vault_declined'] as const;
/** The API's own rules for a phone wallet (decision 0064): a Peruvian mobile and the app's 6-digit code. */
const PHONE = /^9\d{8}$/;
const APPROVAL_CODE = /^\d{6}$/;

/**
 * Checkout: the cart's totals as the server computed them, where to ship its physical products, and one of the four providers
 * (card, PayPal, Yape, Plin). Each attempt sends its own Idempotency-Key (a double click
 * orders once); the order's page follows the saga to PAID or CANCELLED.
 */
export default function Checkout() {
  const { t } = useTranslation();
  useGameVault();
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const cart = useCart();
  const [provider, setProvider] = useState<Provider>('card');
  const [form, setForm] = useState({ card: CARDS[0] as string, wallet: WALLETS[0] as string, phone: '', code: '' });
  const [address, setAddress] = useState(EMPTY_ADDRESS);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const { errors, busy, error, run } = useSubmit();
  const fieldError = (f: string) => {
    const message = error(f);
    return message?.startsWith('gamevault.') || message?.startsWith('validation.') ? t(message) : message;
  };
  const c = cart.data;
  const ships = c?.items.some((l) => l.format === 'physical') ?? false;
  /** A phone wallet's field (Yape, Plin): the phone number or the app's approval code. */
  const walletField = (
    name: 'phone' | 'code',
    field: 'phone' | 'approvalCode',
    help: string,
    input: { type?: string; autoComplete: string; maxLength: number },
  ) => (
    <TextInput
      {...input}
      label={t(`gamevault.checkout.${field}`)}
      description={t(`gamevault.checkout.${help}`)}
      name={field}
      inputMode="numeric"
      required
      value={form[name]}
      error={fieldError(`paymentMethod.${field}`)}
      onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
    />
  );
  /** A saved sandbox method: a card's token or a PayPal wallet's vault id. */
  const saved = (name: 'card' | 'wallet', field: string, options: readonly string[], labels: string) => (
    <NativeSelect
      label={t(`gamevault.checkout.${name}`)}
      name={name}
      value={form[name]}
      error={fieldError(`paymentMethod.${field}`)}
      onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
      data={options.map((v) => ({ value: v, label: t(`gamevault.checkout.${labels}.${v}`) }))}
    />
  );

  const method = (): PaymentMethod => {
    if (provider === 'card') return { provider, token: form.card };
    if (provider === 'paypal') return { provider, vaultId: form.wallet };
    return { provider, phone: form.phone.replace(/[\s-]/g, ''), approvalCode: form.code.trim() };
  };
  const pay = async () => {
    const paymentMethod = method();
    const broken: Record<string, string> = ships ? addressRules(address) : {};
    if ('phone' in paymentMethod) {
      if (!PHONE.test(paymentMethod.phone)) broken['paymentMethod.phone'] = 'gamevault.checkout.phoneRule';
      if (!APPROVAL_CODE.test(paymentMethod.approvalCode))
        broken['paymentMethod.approvalCode'] = 'gamevault.checkout.approvalRule';
    }
    const answer = await run(broken, () =>
      api.POST('/api/gamevault/orders', {
        headers: { 'idempotency-key': idempotencyKey },
        body: { paymentMethod, ...(ships ? { shippingAddress: addressBody(address) } : {}) },
      }),
    );
    if (answer?.data) {
      void queries.invalidateQueries({ queryKey: CART_KEY });
      void queries.invalidateQueries({ queryKey: ['gamevault-orders'] });
      void navigate(`/gamevault/orders/${answer.data.id}`);
    } else if (Object.keys(broken).length === 0) {
      // Refused (stock gone, the cart changed): the next attempt is a new order.
      setIdempotencyKey(newIdempotencyKey());
      void cart.refetch();
    }
  };

  return (
    <DetailPage
      back="/gamevault/cart"
      backLabel={t('gamevault.cart.title')}
      title={t('gamevault.checkout.title')}
      maw={720}
    >
      {!signedIn && <SignInFirst message={t('gamevault.checkout.signInFirst')} />}
      {cart.isError && <Text c="red">{t('errors.generic')}</Text>}
      {signedIn && cart.isPending && <Text>{t('loading')}</Text>}
      {c && c.items.length === 0 && <Text data-testid="checkout-empty">{t('gamevault.checkout.empty')}</Text>}
      {c && c.items.length > 0 && (
        <PageForm onSubmit={() => void pay()} errors={errors}>
          <section aria-labelledby="checkout-summary">
            <Title order={2} size="h4" id="checkout-summary">
              {t('gamevault.checkout.summary')}
            </Title>
            <Text size="sm">{c.items.map((l) => `${l.quantity} × ${l.title}`).join(' · ')}</Text>
            <TotalsTable totals={c.totals} />
          </section>
          {ships && <ShippingAddressFields value={address} onChange={setAddress} error={fieldError} />}
          <Radio.Group
            label={t('gamevault.checkout.method')}
            name="provider"
            value={provider}
            onChange={(v) => setProvider(PROVIDERS.find((p) => p === v) ?? 'card')}
            error={fieldError('paymentMethod')}
          >
            <Group mt="xs">
              {PROVIDERS.map((p) => (
                <Radio key={p} value={p} label={t(`gamevault.checkout.providers.${p}`)} />
              ))}
            </Group>
          </Radio.Group>
          {provider === 'card' && saved('card', 'token', CARDS, 'cards')}
          {provider === 'paypal' && saved('wallet', 'vaultId', WALLETS, 'wallets')}
          {(provider === 'yape' || provider === 'plin') && (
            <Group grow align="start" wrap="wrap">
              {walletField('phone', 'phone', 'phoneHelp', { type: 'tel', autoComplete: 'tel-national', maxLength: 11 })}
              {walletField('code', 'approvalCode', 'approvalHelp', { autoComplete: 'one-time-code', maxLength: 6 })}
            </Group>
          )}
          <Button type="submit" loading={busy} w="fit-content">
            {t('gamevault.checkout.pay', { total: money(c.totals.totalCents, c.totals.currency) })}
          </Button>
        </PageForm>
      )}
    </DetailPage>
  );
}

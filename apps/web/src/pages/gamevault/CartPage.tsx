import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { dateTime, money } from '../../format';
import { useSubmit } from '../Form';
import { WideTable } from '../WideTable';
import { CART_KEY, type Cart, MAX_PER_LINE, SignInFirst, TotalsTable, useCart, useGameVault } from './parts';

type Line = Cart['items'][number];

/** The buyer's cart: its lines with their quantities, the server's totals (IGV 18 %), and until when it is kept. */
export default function CartPage() {
  const { t } = useTranslation();
  useGameVault();
  const signedIn = useSignedIn();
  const cart = useCart();
  const c = cart.data;
  return (
    <Stack maw={960} mx="auto">
      <Title order={1} size="h2">
        {t('gamevault.cart.title')}
      </Title>
      {!signedIn && <SignInFirst message={t('gamevault.cart.signInFirst')} />}
      {cart.isError && <Text c="red">{t('errors.generic')}</Text>}
      {signedIn && cart.isPending && <Text>{t('loading')}</Text>}
      {c && c.items.length === 0 && (
        <Stack gap="xs" data-testid="cart-empty">
          <Text>{t('gamevault.cart.empty')}</Text>
          <Anchor component={Link} to="/gamevault">
            {t('gamevault.cart.browse')}
          </Anchor>
        </Stack>
      )}
      {c && c.items.length > 0 && (
        <>
          <WideTable label={t('gamevault.cart.title')} minWidth={600}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('gamevault.cart.product')}</Table.Th>
                <Table.Th ta="right">{t('gamevault.cart.unitPrice')}</Table.Th>
                <Table.Th>{t('gamevault.cart.quantity')}</Table.Th>
                <Table.Th ta="right">{t('gamevault.cart.lineTotal')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('gamevault.cart.remove')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.items.map((line) => (
                <CartLine key={line.productId} line={line} />
              ))}
            </Table.Tbody>
          </WideTable>
          <Group justify="space-between" align="end" wrap="wrap">
            <Stack gap="xs">
              {c.expiresAt && (
                <Text size="sm" c="dimmed" data-testid="cart-expires">
                  {t('gamevault.cart.expires', { date: dateTime(c.expiresAt) })}
                </Text>
              )}
              <Button component={Link} to="/gamevault/checkout" w="fit-content">
                {t('gamevault.cart.checkout')}
              </Button>
            </Stack>
            <TotalsTable totals={c.totals} />
          </Group>
        </>
      )}
    </Stack>
  );
}

/** One line: its quantity changed (0 removes it) by PUT, the answer being the whole cart. */
function CartLine({ line }: { line: Line }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const { errors, busy, run } = useSubmit();
  const most = Math.max(Math.min(MAX_PER_LINE, line.stock), line.quantity);
  const set = async (quantity: number) => {
    const answer = await run({}, () =>
      api.PUT('/api/gamevault/cart/items/{productId}', {
        params: { path: { productId: line.productId } },
        body: { quantity },
      }),
    );
    if (answer?.data) queries.setQueryData(CART_KEY, answer.data);
  };
  return (
    <Table.Tr data-product={line.productId}>
      <Table.Td>
        <Anchor component={Link} to={`/gamevault/products/${line.productId}`}>
          {line.title}
        </Anchor>
        <Text size="xs" c="dimmed">
          {t(`gamevault.consoles.${line.console}`, { defaultValue: line.console })} ·{' '}
          {t(`gamevault.formats.${line.format}`)}
        </Text>
        {line.stock < line.quantity && (
          <Text size="xs" c="red.9">
            {t('gamevault.cart.onlyLeft', { count: line.stock })}
          </Text>
        )}
        {errors.summary && (
          <Text size="xs" c="red.9" role="alert">
            {errors.summary}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right">{money(line.unitPriceCents)}</Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={t('gamevault.cart.quantityOf', { title: line.title })}
          name="quantity"
          disabled={busy}
          value={String(line.quantity)}
          onChange={(e) => void set(Number(e.currentTarget.value))}
          data={Array.from({ length: most }, (_, i) => String(i + 1))}
          w={80}
        />
      </Table.Td>
      <Table.Td ta="right" data-testid="line-total">
        {money(line.lineTotalCents)}
      </Table.Td>
      <Table.Td>
        <Button
          variant="subtle"
          size="xs"
          loading={busy}
          aria-label={t('gamevault.cart.removeOf', { title: line.title })}
          onClick={() => void set(0)}
        >
          {t('gamevault.cart.remove')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

import { Alert, Anchor, Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import type { paths } from '../../api/openapi';
import { isUuid } from '../../api/validate';
import { money } from '../../format';
import { setSystem, useSystem } from '../../system';
import { signInPath } from '../access/return-to';
import './messages';

export type Product = paths['/api/gamevault/products/{id}']['get']['responses']['200']['content']['application/json'];
export type Cart = paths['/api/gamevault/cart']['get']['responses']['200']['content']['application/json'];
export type Order = paths['/api/gamevault/orders/{id}']['get']['responses']['200']['content']['application/json'];
export type OrderStatus = Order['status'];
type Totals = Cart['totals'];

/** The API's limit on one cart line (PUT /cart/items/{productId}). */
export const MAX_PER_LINE = 10;
/** Statuses the order saga still moves on from. */
export const settling = (status: OrderStatus) => status === 'PENDING' || status === 'AWAITING_PAYMENT';

/** Being on a GameVault page is using GameVault: the shell shows its links, sign-up names it. */
export function useGameVault(): void {
  const system = useSystem();
  useEffect(() => {
    if (system !== 'gamevault') setSystem('gamevault');
  }, [system]);
}

export const CART_KEY = ['gamevault-cart'] as const;

/** The signed-in buyer's cart (lines, the totals the server computes, when it expires). */
export function useCart() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: CART_KEY,
    enabled: signedIn,
    queryFn: async (): Promise<Cart> => {
      const { data, error } = await api.GET('/api/gamevault/cart');
      if (error) throw error;
      return data;
    },
  });
}

/** One product by id (`null` when there is none); nothing is asked while `id` is not a UUID. */
export function useProduct(id: string) {
  return useQuery({
    queryKey: ['gamevault-product', id],
    enabled: isUuid(id),
    queryFn: async (): Promise<Product | null> => {
      const { data, error, response } = await api.GET('/api/gamevault/products/{id}', { params: { path: { id } } });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
}

/** A link to sign in that comes back to this page. */
export function SignInFirst({ message }: { message: string }) {
  const location = useLocation();
  return (
    <Alert color="blue" data-testid="sign-in-first">
      <Anchor component={Link} to={signInPath(location.pathname + location.search)}>
        {message}
      </Anchor>
    </Alert>
  );
}

/** Subtotal, discount, IGV and total exactly as the server computed them (never recomputed here). */
export function TotalsTable({ totals }: { totals: Totals }) {
  const { t } = useTranslation();
  const rows: [key: 'subtotal' | 'discount' | 'igv', cents: number][] = [
    ['subtotal', totals.subtotalCents],
    ...(totals.discountCents > 0 ? [['discount', -totals.discountCents] as [key: 'discount', cents: number]] : []),
    ['igv', totals.igvCents],
  ];
  return (
    <Table aria-label={t('gamevault.totals.total')} data-testid="totals" maw={420}>
      <Table.Tbody>
        {rows.map(([key, cents]) => (
          <Table.Tr key={key}>
            <Table.Th scope="row" fw={400}>
              {t(`gamevault.totals.${key}`)}
            </Table.Th>
            <Table.Td ta="right" data-testid={`total-${key}`}>
              {money(cents, totals.currency)}
            </Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Th scope="row">{t('gamevault.totals.total')}</Table.Th>
          <Table.Td ta="right" fw={700} data-testid="total-total">
            {money(totals.totalCents, totals.currency)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** An order's status as a badge the tests and screen readers can read. */
export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color="dark" size="lg" data-testid="order-status" data-status={status}>
      {t(`gamevault.order.status.${status}`)}
    </Badge>
  );
}

/** How many are left, in words: sold out, the last one, or the count. */
export function StockText({ stock }: { stock: number }) {
  const { t } = useTranslation();
  const text =
    stock === 0
      ? t('gamevault.product.soldOut')
      : stock === 1
        ? t('gamevault.product.lastOne')
        : t('gamevault.product.inStock', { count: stock });
  return (
    <Text size="sm" data-testid="stock" c={stock === 0 ? 'red.9' : undefined}>
      {text}
    </Text>
  );
}

/** A product's average rating from its approved reviews, or that it has none yet. */
export function Rating({ product }: { product: Pick<Product, 'ratingAvg' | 'ratingCount'> }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" data-testid="rating">
      {product.ratingCount > 0
        ? t('gamevault.product.rating', { rating: product.ratingAvg.toFixed(1), count: product.ratingCount })
        : t('gamevault.product.unrated')}
    </Text>
  );
}

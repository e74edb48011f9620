import { Alert, Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/me';
import { isUuid } from '../../api/validate';
import { money } from '../../format';
import { signInPath } from '../access/return-to';
import { DetailPage, ItemPending } from '../DetailPage';
import { PageForm, useSubmit } from '../Form';
import { CART_KEY, MAX_PER_LINE, type Product, Rating, StockText, useCart, useGameVault, useProduct } from './parts';
import { ProductReviews, SellerRatingLine } from './Reviews';

/**
 * A product's page: its details and stock, and adding it to the cart (the quantity is the
 * line's, as PUT /cart/items/{productId} sets it). Signed out, adding goes to sign in and back.
 */
export default function ProductPage() {
  const { t } = useTranslation();
  useGameVault();
  const id = useParams().id ?? '';
  const product = useProduct(id);
  const p = product.data;
  if (!p) return <ItemPending valid={isUuid(id)} query={product} />;
  const details = [
    ['console', t(`gamevault.consoles.${p.console}`)],
    ['genre', t(`gamevault.genres.${p.genre}`)],
    ['condition', t(`gamevault.conditions.${p.condition}`)],
    ['rarity', t(`gamevault.rarities.${p.rarity}`)],
    ['format', t(`gamevault.formats.${p.format}`)],
  ] as const;
  return (
    <DetailPage back="/gamevault" backLabel={t('gamevault.product.back')} title={p.title} maw={880}>
      <Group align="start" gap="xl" wrap="wrap">
        <Stack style={{ flex: '1 1 320px' }}>
          {p.images[0] && (
            <img
              src={p.images[0].url}
              alt={p.title}
              width={p.images[0].width}
              height={p.images[0].height}
              style={{ maxWidth: '100%', height: 'auto' }}
            />
          )}
          <Rating product={p} />
          <SellerRatingLine sellerId={p.sellerId} />
          <Anchor component={Link} to={`/gamevault/sellers/${p.sellerId}`} size="sm" data-testid="seller-link">
            {t('gamevault.seller.more')}
          </Anchor>
          <Table aria-label={p.title}>
            <Table.Tbody>
              {details.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th scope="row">{t(`gamevault.product.${k}`)}</Table.Th>
                  <Table.Td>{v}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {p.description && (
            <section aria-labelledby="product-description">
              <Text id="product-description" fw={600}>
                {t('gamevault.product.description')}
              </Text>
              <Text style={{ whiteSpace: 'pre-line' }}>{p.description}</Text>
            </section>
          )}
        </Stack>
        <AddToCart product={p} />
      </Group>
      <Related id={p.id} />
      <ProductReviews productId={p.id} />
    </DetailPage>
  );
}

/** The price, the stock, and the quantity to have in the cart. */
function AddToCart({ product }: { product: Product }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();
  const cart = useCart();
  const { errors, busy, error, run } = useSubmit();
  const inCart = cart.data?.items.find((l) => l.productId === product.id)?.quantity ?? 0;
  const [chosen, setChosen] = useState<number>();
  const [added, setAdded] = useState<number>();
  const most = Math.min(MAX_PER_LINE, product.stock);
  const quantity = Math.min(chosen ?? Math.max(inCart, 1), Math.max(most, 1));
  const add = async () => {
    if (!signedIn) {
      void navigate(signInPath(location.pathname));
      return;
    }
    const answer = await run({}, () =>
      api.PUT('/api/gamevault/cart/items/{productId}', {
        params: { path: { productId: product.id } },
        body: { quantity },
      }),
    );
    if (answer?.data) {
      queries.setQueryData(CART_KEY, answer.data);
      setAdded(quantity);
    }
  };
  return (
    <Paper withBorder p="md" style={{ flex: '0 1 300px' }}>
      <Text size="xl" fw={700} data-testid="price">
        {money(product.priceCents)}
      </Text>
      <StockText stock={product.stock} />
      <PageForm onSubmit={() => void add()} errors={errors} gap="sm">
        {most > 0 && (
          <NativeSelect
            label={t('gamevault.product.quantity')}
            name="quantity"
            value={String(quantity)}
            error={error('quantity')}
            onChange={(e) => setChosen(Number(e.currentTarget.value))}
            data={Array.from({ length: most }, (_, i) => String(i + 1))}
          />
        )}
        {inCart > 0 && added === undefined && (
          <Text size="sm" data-testid="in-cart">
            {t('gamevault.product.inCart', { count: inCart })}
          </Text>
        )}
        {added !== undefined && (
          <Alert color="green" role="status" data-testid="added">
            {t('gamevault.product.added', { count: added })}{' '}
            <Anchor component={Link} to="/gamevault/cart">
              {t('gamevault.product.goToCart')}
            </Anchor>
          </Alert>
        )}
        {!signedIn && <Text size="sm">{t('gamevault.product.signInToBuy')}</Text>}
        <Button type="submit" loading={busy} disabled={most === 0}>
          {!signedIn ? t('nav.signIn') : inCart > 0 ? t('gamevault.product.update') : t('gamevault.product.add')}
        </Button>
      </PageForm>
    </Paper>
  );
}

/** Products like this one (same console and genre first, in stock), as the catalog picks them. */
function Related({ id }: { id: string }) {
  const { t } = useTranslation();
  const related = useQuery({
    queryKey: ['gamevault-related', id],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/products/{id}/related', { params: { path: { id } } });
      if (error) throw error;
      return data.items;
    },
  });
  if (!related.data?.length) return null;
  return (
    <Stack component="section" gap="xs" aria-labelledby="related-products" data-testid="related">
      <Text id="related-products" fw={600}>
        {t('gamevault.product.related')}
      </Text>
      <Group gap="lg">
        {related.data.map((r) => (
          <Anchor key={r.id} component={Link} to={`/gamevault/products/${r.id}`}>
            {r.title} · {money(r.priceCents)}
          </Anchor>
        ))}
      </Group>
    </Stack>
  );
}

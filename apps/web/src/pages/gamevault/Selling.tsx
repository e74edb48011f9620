import { Alert, Anchor, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe, useSignedIn } from '../../api/me';
import { money } from '../../format';
import { Pager } from '../Pager';
import { useUrlFilters } from '../url-filters';
import { WideTable } from '../WideTable';
import { SignInFirst, useGameVault } from './parts';
import { useSellerProducts } from './seller-products';

const PER_PAGE = 20;

/** Whether a user may sell: the role the catalog's writes ask for (an admin edits from a product's page instead). */
export const isSeller = (roles: readonly string[] | undefined) => roles?.includes('seller') ?? false;

/**
 * The signed-in seller's own products (`/gamevault/selling`), newest first, by pages: price,
 * stock, and a link to edit each; publishing a new one. Their public listing is
 * `/gamevault/sellers/:id` (decision 0100).
 */
export default function Selling() {
  const { t } = useTranslation();
  useGameVault();
  const signedIn = useSignedIn();
  const me = useMe();
  const seller = isSeller(me.data?.roles);
  const { page, update } = useUrlFilters([] as const);
  const products = useSellerProducts(seller ? me.data?.id : undefined, page, PER_PAGE);
  const list = products.data;
  return (
    <Stack maw={1100} mx="auto">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('gamevault.selling.title')}
        </Title>
        {seller && (
          <Group>
            <Anchor component={Link} to={`/gamevault/sellers/${me.data?.id}`}>
              {t('gamevault.selling.publicListing')}
            </Anchor>
            <Button component={Link} to="/gamevault/selling/new">
              {t('gamevault.selling.create')}
            </Button>
          </Group>
        )}
      </Group>
      {!signedIn && <SignInFirst message={t('gamevault.selling.signInFirst')} />}
      {me.data && !seller && (
        <Alert color="blue" data-testid="not-a-seller">
          {t('gamevault.selling.notSeller')}
        </Alert>
      )}
      {products.isError && <Text c="red">{t('errors.generic')}</Text>}
      {list?.items.length === 0 && <Text data-testid="no-products">{t('gamevault.selling.none')}</Text>}
      {list && list.items.length > 0 && (
        <>
          <Text size="sm" c="dimmed" role="status" data-testid="product-count">
            {t('gamevault.catalog.found', { count: list.total })}
          </Text>
          <WideTable label={t('gamevault.selling.title')} minWidth={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('gamevault.selling.fields.title')}</Table.Th>
                <Table.Th>{t('gamevault.product.console')}</Table.Th>
                <Table.Th>{t('gamevault.product.format')}</Table.Th>
                <Table.Th ta="right">{t('gamevault.product.price')}</Table.Th>
                <Table.Th ta="right">{t('gamevault.selling.stock')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('gamevault.selling.edit')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((p) => (
                <Table.Tr key={p.id} data-testid="seller-product" data-product={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/gamevault/products/${p.id}`}>
                      {p.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`gamevault.consoles.${p.console}`)}</Table.Td>
                  <Table.Td>{t(`gamevault.formats.${p.format}`)}</Table.Td>
                  <Table.Td ta="right" data-testid="price">
                    {money(p.priceCents)}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="stock" c={p.stock === 0 ? 'red.9' : undefined}>
                    {p.stock === 0 ? t('gamevault.product.soldOut') : p.stock}
                  </Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/gamevault/selling/${p.id}/edit`}
                      aria-label={`${t('gamevault.selling.edit')}: ${p.title}`}
                    >
                      {t('gamevault.selling.edit')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </WideTable>
        </>
      )}
      {list && (
        <Pager
          page={page}
          pages={Math.max(1, Math.ceil(list.total / PER_PAGE))}
          go={(p) => update({ page: String(p) })}
        />
      )}
    </Stack>
  );
}

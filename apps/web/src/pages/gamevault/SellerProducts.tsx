import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isUuid } from '../../api/validate';
import { DetailPage } from '../DetailPage';
import NotFound from '../NotFound';
import { Pager } from '../Pager';
import { ResultGrid } from '../ResultGrid';
import { useUrlFilters } from '../url-filters';
import { useGameVault } from './parts';
import { productCards } from './product-cards';
import { SellerRatingLine } from './Reviews';
import { useSellerProducts } from './seller-products';

const PAGE_SIZE = 12;

/** A seller's public listing (`/gamevault/sellers/:id`): their rating and their products, newest first, by pages. */
export default function SellerProducts() {
  const { t } = useTranslation();
  useGameVault();
  const id = useParams().id ?? '';
  const { page, update } = useUrlFilters([] as const);
  const products = useSellerProducts(isUuid(id) ? id : undefined, page, PAGE_SIZE);
  if (!isUuid(id)) return <NotFound />;
  const pages = Math.max(1, Math.ceil((products.data?.total ?? 0) / PAGE_SIZE));
  return (
    <DetailPage back="/gamevault" backLabel={t('gamevault.product.back')} title={t('gamevault.seller.title')}>
      <Stack>
        <SellerRatingLine sellerId={id} />
        {products.data && (
          <Text size="sm" c="dimmed" role="status" data-testid="product-count">
            {t('gamevault.catalog.found', { count: products.data.total })}
          </Text>
        )}
        <ResultGrid
          failed={products.isError}
          empty={t('gamevault.seller.empty')}
          cards={products.data && productCards(products.data.items, t)}
        />
        <Pager page={page} pages={pages} go={(p) => update({ page: String(p) })} />
      </Stack>
    </DetailPage>
  );
}

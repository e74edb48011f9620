import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isUuid } from '../../api/validate';
import { DetailPage } from '../DetailPage';
import NotFound from '../NotFound';
import { useUrlFilters } from '../url-filters';
import { useGameVault } from './parts';
import { ProductResults } from './product-cards';
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
  return (
    <DetailPage back="/gamevault" backLabel={t('gamevault.product.back')} title={t('gamevault.seller.title')}>
      <Stack>
        <SellerRatingLine sellerId={id} />
        <ProductResults
          result={products}
          empty={t('gamevault.seller.empty')}
          page={page}
          pageSize={PAGE_SIZE}
          go={(p) => update({ page: String(p) })}
        />
      </Stack>
    </DetailPage>
  );
}

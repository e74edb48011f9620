import { Badge, Group, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { money } from '../../format';
import { Pager } from '../Pager';
import { type ResultCard, ResultGrid } from '../ResultGrid';
import { type Product, Rating, StockText } from './parts';

/** Products as the catalog's cards: title, console and genre, a thumbnail, badges, price, stock and rating. */
export function productCards(items: readonly Product[], t: TFunction): ResultCard[] {
  return items.map((p) => ({
    id: p.id,
    to: `/gamevault/products/${p.id}`,
    title: p.title,
    subtitle: `${t(`gamevault.consoles.${p.console}`)} · ${t(`gamevault.genres.${p.genre}`)}`,
    body: (
      <Group gap={4} mt="xs">
        {p.images[0] && (
          <img src={p.images[0].thumbnailUrl} alt="" width={64} height={64} style={{ objectFit: 'cover' }} />
        )}
        <Badge variant="light" color="dark">
          {t(`gamevault.conditions.${p.condition}`)}
        </Badge>
        <Badge variant="light" color="dark">
          {t(`gamevault.formats.${p.format}`)}
        </Badge>
        {p.rarity !== 'common' && (
          <Badge variant="light" color="dark">
            {t(`gamevault.rarities.${p.rarity}`)}
          </Badge>
        )}
      </Group>
    ),
    footer: (
      <>
        <Text fw={600}>{money(p.priceCents)}</Text>
        <StockText stock={p.stock} />
        <Rating product={p} />
      </>
    ),
  }));
}

/** A page of products: how many were found, their cards (or why there are none) and the pager. */
export function ProductResults(props: {
  result: { data?: { items: readonly Product[]; total: number }; isError: boolean };
  empty: string;
  page: number;
  pageSize: number;
  go: (page: number) => void;
}) {
  const { t } = useTranslation();
  const { data, isError } = props.result;
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / props.pageSize));
  return (
    <>
      {data && (
        <Text size="sm" c="dimmed" role="status" data-testid="product-count">
          {t('gamevault.catalog.found', { count: data.total })}
        </Text>
      )}
      <ResultGrid failed={isError} empty={props.empty} cards={data && productCards(data.items, t)} />
      <Pager page={props.page} pages={pages} go={props.go} />
    </>
  );
}

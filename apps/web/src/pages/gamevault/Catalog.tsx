import { Grid, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { cents } from '../../format';
import { useUrlFilters } from '../url-filters';
import { useGameVault } from './parts';
import { ProductResults } from './product-cards';
import { CONDITIONS, CONSOLES, GENRES, RARITIES } from './product-form';

type SearchQuery = NonNullable<paths['/api/gamevault/products']['get']['parameters']['query']>;
const PAGE_SIZE = 12;
const AVAILABILITY = ['true', 'false'] as const;
/** Without a sort the API ranks by relevance when there is a text, newest first otherwise. */
const SORTS = [
  ['', 'sortDefault'],
  ['relevance', 'sortRelevance'],
  ['newest', 'sortNewest'],
  ['price-asc', 'sortPriceAsc'],
  ['price-desc', 'sortPriceDesc'],
  ['rating', 'sortRating'],
] as const;
const SORT_VALUES = ['relevance', 'newest', 'price-asc', 'price-desc', 'rating'] as const;
const FILTERS = ['q', 'console', 'genre', 'condition', 'rarity', 'available', 'minPrice', 'maxPrice', 'sort'] as const;
type Facet = 'console' | 'genre' | 'condition' | 'rarity' | 'available';

/** The URL's value when it is one of `allowed` (a hand-edited URL cannot send the API a bad filter). */
function oneOf<T extends string>(allowed: readonly T[], value: string): T | undefined {
  return allowed.find((a) => a === value);
}

/**
 * GameVault's catalog (`/gamevault`): search by title, the API's filters (console, genre,
 * condition, price range) and sort, kept in the URL so a search can be shared; by pages.
 * Filters in a side column on a desktop, above the results on a phone.
 */
export default function Catalog() {
  const { t } = useTranslation();
  useGameVault();
  const { value, page, update } = useUrlFilters(FILTERS);
  const query: SearchQuery = {
    page,
    pageSize: PAGE_SIZE,
    sort: oneOf(SORT_VALUES, value('sort')),
  };
  const q = value('q').trim().slice(0, 100);
  if (q) query.q = q;
  query.console = oneOf(CONSOLES, value('console'));
  query.genre = oneOf(GENRES, value('genre'));
  query.condition = oneOf(CONDITIONS, value('condition'));
  query.rarity = oneOf(RARITIES, value('rarity'));
  query.available = oneOf(AVAILABILITY, value('available'));
  query.minPrice = cents(value('minPrice'));
  query.maxPrice = cents(value('maxPrice'));
  const rangeError = query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice;
  // Typing waits for a pause before searching; the key is the query itself.
  const [key] = useDebouncedValue(JSON.stringify(query), 300);
  const products = useQuery({
    queryKey: ['gamevault-products', key],
    enabled: !rangeError,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/gamevault/products', { params: { query: JSON.parse(key) } });
      if (error) throw error;
      return data;
    },
  });
  // How many of the result have each value (the API counts them with the search).
  const facets = products.data?.facets as Record<Facet, Record<string, number>> | undefined;
  const select = (f: Facet, options: readonly string[], label: (option: string) => string) => (
    <NativeSelect
      label={t(`gamevault.catalog.${f}`)}
      name={f}
      value={query[f] ?? ''}
      onChange={(e) => update({ [f]: e.currentTarget.value, page: '1' })}
      data={[
        { value: '', label: t('gamevault.catalog.any') },
        ...options.map((o) => {
          const count = facets?.[f][o];
          return {
            value: o,
            label: count === undefined ? label(o) : t('gamevault.catalog.withCount', { label: label(o), count }),
          };
        }),
      ]}
    />
  );
  const named = (labels: string) => (o: string) => t(`gamevault.${labels}.${o}`);
  const price = (f: 'minPrice' | 'maxPrice') => (
    <TextInput
      label={t(`gamevault.catalog.${f === 'minPrice' ? 'priceMin' : 'priceMax'}`)}
      name={f}
      type="number"
      min={0}
      step="any"
      inputMode="decimal"
      value={value(f)}
      error={f === 'maxPrice' && rangeError ? t('gamevault.catalog.priceRange') : undefined}
      onChange={(e) => update({ [f]: e.currentTarget.value, page: '1' })}
    />
  );
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('gamevault.catalog.title')}
      </Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack gap="sm" component="section" aria-label={t('gamevault.catalog.search')}>
            <TextInput
              label={t('gamevault.catalog.search')}
              name="q"
              type="search"
              maxLength={100}
              value={value('q')}
              onChange={(e) => update({ q: e.currentTarget.value, page: '1' })}
            />
            {select('console', CONSOLES, named('consoles'))}
            {select('genre', GENRES, named('genres'))}
            {select('condition', CONDITIONS, named('conditions'))}
            {select('rarity', RARITIES, named('rarities'))}
            {select('available', AVAILABILITY, (o) =>
              t(o === 'true' ? 'gamevault.catalog.inStockOnly' : 'gamevault.catalog.soldOutOnly'),
            )}
            <Group grow gap="xs" align="start">
              {price('minPrice')}
              {price('maxPrice')}
            </Group>
            <NativeSelect
              label={t('gamevault.catalog.sort')}
              name="sort"
              value={query.sort ?? ''}
              onChange={(e) => update({ sort: e.currentTarget.value, page: '1' })}
              data={SORTS.map(([v, label]) => ({ value: v, label: t(`gamevault.catalog.${label}`) }))}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack>
            <ProductResults
              result={products}
              empty={t('gamevault.catalog.empty')}
              page={page}
              pageSize={PAGE_SIZE}
              go={(p) => update({ page: String(p) })}
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

import { Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { cents, money } from '../../format';
import { Pager } from '../Pager';
import { ResultGrid } from '../ResultGrid';
import { useUrlFilters } from '../url-filters';

type SearchQuery = NonNullable<paths['/api/instudio/salons']['get']['parameters']['query']>;
type Category = NonNullable<SearchQuery['category']>;
type Subcategory = NonNullable<SearchQuery['subcategory']>;
const PAGE_SIZE = 12;
const TEXT_FILTERS = ['q', 'district', 'service'] as const;
const FILTERS = [...TEXT_FILTERS, 'category', 'subcategory', 'priceMin', 'priceMax', 'sort'] as const;
type Filter = (typeof FILTERS)[number];

/**
 * InStudio's salon search: the API's filters (text, district, category and subcategory,
 * service name, price range) and sort, kept in the URL so a search can be shared, by pages.
 */
export default function Salons() {
  const { t } = useTranslation();
  const { value, page, update } = useUrlFilters(FILTERS);
  const filter = (f: Filter) => ({ value: value(f), onChange: (v: string) => update({ [f]: v, page: '1' }) });

  const categories = useQuery({
    queryKey: ['instudio-categories'],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/categories');
      if (error) throw error;
      return data.items;
    },
  });
  const category = (['beauty', 'spa'] as string[]).includes(value('category')) ? (value('category') as Category) : '';
  const subcategories = [
    ...new Set((categories.data ?? []).filter((c) => !category || c.id === category).flatMap((c) => c.subcategories)),
  ];
  const subcategory = subcategories.includes(value('subcategory') as Subcategory)
    ? (value('subcategory') as Subcategory)
    : '';
  const priceMin = cents(value('priceMin'));
  const priceMax = cents(value('priceMax'));
  const rangeError = priceMin !== undefined && priceMax !== undefined && priceMin > priceMax;

  const query: SearchQuery = { page, pageSize: PAGE_SIZE, sort: value('sort') === 'rating' ? 'rating' : 'relevance' };
  for (const f of TEXT_FILTERS) {
    const text = value(f).trim().slice(0, 100);
    if (text) query[f] = text;
  }
  if (category) query.category = category;
  if (subcategory) query.subcategory = subcategory;
  if (priceMin !== undefined) query.priceMin = priceMin;
  if (priceMax !== undefined) query.priceMax = priceMax;
  // Typing waits for a pause before searching; the key is the query itself.
  const [key] = useDebouncedValue(JSON.stringify(query), 300);
  const salons = useQuery({
    queryKey: ['salons', key],
    enabled: !rangeError,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/instudio/salons', {
        params: { query: JSON.parse(key) as SearchQuery },
      });
      if (error) throw error;
      return data;
    },
  });
  const pages = Math.max(1, Math.ceil((salons.data?.total ?? 0) / PAGE_SIZE));
  const text = (f: (typeof TEXT_FILTERS)[number]) => {
    const { value: v, onChange } = filter(f);
    return (
      <TextInput
        label={t(f === 'q' ? 'salons.search' : `salons.${f}`)}
        name={f}
        type={f === 'q' ? 'search' : 'text'}
        maxLength={100}
        value={v}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  };
  const price = (f: 'priceMin' | 'priceMax') => {
    const { value: v, onChange } = filter(f);
    return (
      <TextInput
        label={t(`salons.${f}`)}
        name={f}
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        w={150}
        value={v}
        error={f === 'priceMax' && rangeError ? t('salons.priceRange') : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('salons.title')}
      </Title>
      <Group align="start">
        {text('q')}
        {text('district')}
        <NativeSelect
          label={t('salons.category')}
          name="category"
          value={category}
          onChange={(e) => update({ category: e.currentTarget.value, subcategory: '', page: '1' })}
          data={[
            { value: '', label: t('salons.any') },
            ...(categories.data ?? []).map((c) => ({ value: c.id, label: t(`categories.${c.id}`) })),
          ]}
        />
        <NativeSelect
          label={t('salons.subcategory')}
          name="subcategory"
          value={subcategory}
          onChange={(e) => filter('subcategory').onChange(e.currentTarget.value)}
          data={[
            { value: '', label: t('salons.any') },
            ...subcategories.map((s) => ({ value: s, label: t(`categories.${s}`) })),
          ]}
        />
        {text('service')}
        {price('priceMin')}
        {price('priceMax')}
        <NativeSelect
          label={t('salons.sort')}
          name="sort"
          value={query.sort}
          onChange={(e) => filter('sort').onChange(e.currentTarget.value)}
          data={[
            { value: 'relevance', label: t('salons.sortRelevance') },
            { value: 'rating', label: t('salons.sortRating') },
          ]}
        />
      </Group>
      <ResultGrid
        failed={salons.isError}
        empty={t('salons.empty')}
        cards={salons.data?.items.map((s) => ({
          id: s.id,
          to: `/instudio/salons/${s.id}`,
          title: s.name,
          subtitle: `${s.district} · ${s.address}`,
          body: <Text size="sm">{s.categories.map((c) => t(`categories.${c}`)).join(' · ')}</Text>,
          footer: (
            <>
              {s.priceFromCents !== null && (
                <Text fw={500}>{t('salons.from', { price: money(s.priceFromCents) })}</Text>
              )}
              <Text size="sm">
                {s.ratingCount > 0
                  ? t('salons.rating', { rating: s.ratingAvg.toFixed(1), count: s.ratingCount })
                  : t('salons.unrated')}
              </Text>
            </>
          ),
        }))}
      />
      <Pager page={page} pages={pages} go={(p) => update({ page: String(p) })} />
    </Stack>
  );
}

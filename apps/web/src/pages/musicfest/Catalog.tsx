import { Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { dateTime, money } from '../../format';
import { Pager } from '../Pager';
import { ResultGrid } from '../ResultGrid';
import { useUrlFilters } from '../url-filters';

type Sort = 'deadline' | 'seats' | 'name';
const PAGE_SIZE = 12;

/** MusicFest's catalog: published events, searched and sorted as the API does, by pages. */
export default function Catalog() {
  const { t } = useTranslation();
  const { value, page, update } = useUrlFilters(['q', 'sort'] as const);
  const q = value('q');
  const sort = (['deadline', 'seats', 'name'].includes(value('sort')) ? value('sort') : 'deadline') as Sort;
  const [search] = useDebouncedValue(q.trim().slice(0, 100), 300);
  const events = useQuery({
    queryKey: ['events', search, sort, page],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/musicfest/events', {
        params: { query: { page, pageSize: PAGE_SIZE, sort, ...(search ? { q: search } : {}) } },
      });
      if (error) throw error;
      return data;
    },
  });
  const pages = Math.max(1, Math.ceil((events.data?.total ?? 0) / PAGE_SIZE));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('catalog.title')}
      </Title>
      <Group align="end">
        <TextInput
          label={t('catalog.search')}
          type="search"
          maxLength={100}
          value={q}
          onChange={(e) => update({ q: e.currentTarget.value, page: '1' })}
        />
        <NativeSelect
          label={t('catalog.sort')}
          value={sort}
          onChange={(e) => update({ sort: e.currentTarget.value, page: '1' })}
          data={[
            { value: 'deadline', label: t('catalog.sortDeadline') },
            { value: 'seats', label: t('catalog.sortSeats') },
            { value: 'name', label: t('catalog.sortName') },
          ]}
        />
      </Group>
      <ResultGrid
        failed={events.isError}
        empty={t('catalog.empty')}
        cards={events.data?.items.map((e) => ({
          id: e.id,
          to: `/musicfest/events/${e.id}`,
          title: e.name,
          subtitle: `${dateTime(e.startsAt)} · ${e.place}`,
          footer: (
            <>
              <Text fw={500}>{t('catalog.from', { price: money(e.minPrice, e.currency) })}</Text>
              <Text size="sm" fw={500}>
                {t('catalog.seatsLeft', { count: e.seatsLeft })}
              </Text>
            </>
          ),
        }))}
      />
      <Pager page={page} pages={pages} go={(p) => update({ page: String(p) })} />
    </Stack>
  );
}

import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import NotFound from './NotFound';

/** An item's page: a link back to its list, its title, then its parts. */
export function DetailPage(props: {
  back: string;
  backLabel: string;
  title: ReactNode;
  maw?: number;
  children: ReactNode;
}) {
  return (
    <Stack maw={props.maw ?? 960} mx="auto">
      <Anchor component={Link} to={props.back} size="sm">
        ← {props.backLabel}
      </Anchor>
      <Title order={1} size="h2">
        {props.title}
      </Title>
      {props.children}
    </Stack>
  );
}

/**
 * What an item's page shows until it has the item: not found (a malformed id, or the API's
 * 404 read as null), the error, or loading; nothing once the item is there.
 */
export function ItemPending({ valid, query }: { valid: boolean; query: { data: unknown; isError: boolean } }) {
  const { t } = useTranslation();
  if (!valid || query.data === null) return <NotFound />;
  if (query.isError) return <Text c="red">{t('errors.generic')}</Text>;
  return <Text>{t('loading')}</Text>;
}

import { Anchor, Card, Group, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export interface ResultCard {
  id: string;
  /** The item's own page. */
  to: string;
  title: string;
  subtitle: string;
  body?: ReactNode;
  footer: ReactNode;
}

/** A search's results as a grid of cards linking to each item's page, with the empty and failed states. */
export function ResultGrid({
  failed,
  cards,
  empty,
}: {
  failed: boolean;
  cards: ResultCard[] | undefined;
  empty: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {failed && <Text c="red">{t('errors.generic')}</Text>}
      {cards?.length === 0 && <Text>{empty}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {cards?.map((c) => (
          <Card key={c.id} withBorder component="article">
            <Anchor component={Link} to={c.to} fw={600} size="lg">
              {c.title}
            </Anchor>
            <Text size="sm" c="dimmed">
              {c.subtitle}
            </Text>
            {c.body}
            <Group mt="sm" justify="space-between">
              {c.footer}
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}

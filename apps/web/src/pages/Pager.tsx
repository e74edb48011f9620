import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Previous and next buttons around "page N of M"; nothing when everything fits on one page. */
export function Pager({ page, pages, go }: { page: number; pages: number; go: (page: number) => void }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <Group justify="center">
      <Button variant="default" disabled={page <= 1} onClick={() => go(page - 1)}>
        {t('pager.previous')}
      </Button>
      <Text>{t('pager.page', { page, pages })}</Text>
      <Button variant="default" disabled={page >= pages} onClick={() => go(page + 1)}>
        {t('pager.next')}
      </Button>
    </Group>
  );
}

/** The 1-based page number in a URL's `page` parameter (1 when missing or not a number). */
export function pageParam(params: URLSearchParams): number {
  return Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
}

import { Button, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack maw={720} mx="auto" mt="lg">
      <Title order={1} size="h2">
        {t('errors.notFound')}
      </Title>
      <Button component={Link} to="/" w="fit-content">
        {t('errors.home')}
      </Button>
    </Stack>
  );
}

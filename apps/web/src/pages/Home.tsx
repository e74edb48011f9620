import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSystem } from '../system';

/** The system's front page. */
export default function Home() {
  const { t } = useTranslation();
  const system = useSystem();
  return (
    <Stack maw={720} mx="auto" mt="lg">
      <Title order={1}>{t(`systems.${system}`)}</Title>
      <Text size="lg">{t(`home.${system}`)}</Text>
      {system === 'instudio' && (
        <Button component={Link} to="/instudio/salons" w="fit-content">
          {t('home.salons')}
        </Button>
      )}
      {system === 'gamevault' && (
        <Button component={Link} to="/gamevault" w="fit-content">
          {t('home.shop')}
        </Button>
      )}
      {system === 'musicfest' && (
        <Button component={Link} to="/musicfest/events" w="fit-content">
          {t('home.browse')}
        </Button>
      )}
    </Stack>
  );
}

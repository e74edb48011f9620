import {
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { cents } from '../../format';
import { PageForm, useSubmit } from '../Form';
import type { Placement } from './ads';

const PLACEMENTS: readonly Placement[] = ['chat-list', 'channel-feed'];
const PRICINGS = ['impression', 'click'] as const;

/** Words typed with commas or spaces, as a list (`futbol, musica` → `['futbol', 'musica']`). */
const words = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((w) => w.trim())
    .filter(Boolean);

/**
 * A new campaign: the creative, targeting (interests and locales typed as lists, channels
 * picked from the channel list; nothing chosen matches everyone), where it shows, the budget
 * and price in soles, and the daily cap per user. Field errors come from the API's problem.
 */
export function CampaignForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [targetUrl, setTargetUrl] = useState('');
  const [interests, setInterests] = useState('');
  const [locales, setLocales] = useState('');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [placements, setPlacements] = useState<string[]>([]);
  const [budget, setBudget] = useState('');
  const [pricing, setPricing] = useState<(typeof PRICINGS)[number]>('impression');
  const [price, setPrice] = useState('');
  const [cap, setCap] = useState('3');
  const { errors, busy, error, run } = useSubmit();
  const channels = useQuery({
    queryKey: ['chat-channels'],
    queryFn: async () => {
      const { data, error: problem } = await api.GET('/api/chat/channels', { params: { query: { limit: 50 } } });
      if (problem) throw problem;
      return data;
    },
  });
  const submit = async () => {
    const budgetCents = cents(budget);
    const priceCents = cents(price);
    const broken: Record<string, string> = {};
    if (budgetCents === undefined || budgetCents < 1) broken.budgetCents = t('chat.ads.form.moneyRequired');
    if (priceCents === undefined || priceCents < 1) broken.priceCents = t('chat.ads.form.moneyRequired');
    if (!/^\d+$/.test(cap.trim()) || Number(cap) < 1 || Number(cap) > 1000)
      broken.frequencyCap = t('chat.ads.form.capRange');
    const answer = await run(broken, () =>
      api.POST('/api/chat/ads/campaigns', {
        body: {
          creative: { title: title.trim(), text: text.trim(), targetUrl: targetUrl.trim() },
          targeting: { interests: words(interests), locales: words(locales), channelIds },
          placements,
          budgetCents: budgetCents ?? 0,
          pricing,
          priceCents: priceCents ?? 0,
          frequencyCap: Number(cap.trim()),
        },
      }),
    );
    if (!answer?.data) return;
    for (const reset of [setTitle, setText, setTargetUrl, setInterests, setLocales, setBudget, setPrice]) reset('');
    setChannelIds([]);
    setPlacements([]);
    onCreated();
  };
  return (
    <Card withBorder component="section" aria-label={t('chat.ads.form.title')}>
      <PageForm onSubmit={() => void submit()} errors={errors} gap="xs">
        <Title order={2} size="h4">
          {t('chat.ads.form.title')}
        </Title>
        <TextInput
          label={t('chat.ads.form.adTitle')}
          name="title"
          maxLength={80}
          value={title}
          error={error('creative.title')}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Textarea
          label={t('chat.ads.form.text')}
          name="text"
          maxLength={280}
          autosize
          minRows={2}
          value={text}
          error={error('creative.text')}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <TextInput
          label={t('chat.ads.form.targetUrl')}
          name="targetUrl"
          type="url"
          placeholder="https://"
          value={targetUrl}
          error={error('creative.targetUrl')}
          onChange={(e) => setTargetUrl(e.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('chat.ads.form.interests')}
            description={t('chat.ads.form.listHelp')}
            name="interests"
            value={interests}
            error={error('targeting.interests') ?? error('targeting.interests.0')}
            onChange={(e) => setInterests(e.currentTarget.value)}
          />
          <TextInput
            label={t('chat.ads.form.locales')}
            description={t('chat.ads.form.localesHelp')}
            name="locales"
            value={locales}
            error={error('targeting.locales') ?? error('targeting.locales.0')}
            onChange={(e) => setLocales(e.currentTarget.value)}
          />
        </Group>
        {(channels.data?.items.length ?? 0) > 0 && (
          <Checkbox.Group
            label={t('chat.ads.form.channels')}
            description={t('chat.ads.form.anyHelp')}
            value={channelIds}
            onChange={setChannelIds}
          >
            <Group gap="sm" mt={4}>
              {channels.data?.items.map((c) => (
                <Checkbox key={c.id} value={c.id} label={c.title} name="channelIds" />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <Checkbox.Group
          label={t('chat.ads.form.placements')}
          description={t('chat.ads.form.anyHelp')}
          value={placements}
          onChange={setPlacements}
        >
          <Group gap="sm" mt={4}>
            {PLACEMENTS.map((p) => (
              <Checkbox key={p} value={p} label={t(`chat.ads.placements.${p}`)} name="placements" />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <TextInput
            label={t('chat.ads.form.budget')}
            name="budget"
            inputMode="decimal"
            value={budget}
            error={error('budgetCents')}
            onChange={(e) => setBudget(e.currentTarget.value)}
          />
          <NativeSelect
            label={t('chat.ads.form.pricing')}
            name="pricing"
            value={pricing}
            onChange={(e) => setPricing(e.currentTarget.value as (typeof PRICINGS)[number])}
            data={PRICINGS.map((p) => ({ value: p, label: t(`chat.ads.form.pricings.${p}`) }))}
          />
          <TextInput
            label={t('chat.ads.form.price')}
            name="price"
            inputMode="decimal"
            value={price}
            error={error('priceCents')}
            onChange={(e) => setPrice(e.currentTarget.value)}
          />
          <TextInput
            label={t('chat.ads.form.cap')}
            name="frequencyCap"
            inputMode="numeric"
            value={cap}
            error={error('frequencyCap')}
            onChange={(e) => setCap(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('chat.ads.form.capHelp')}
          </Text>
        </Stack>
        <Group>
          <Button type="submit" loading={busy}>
            {t('chat.ads.form.submit')}
          </Button>
        </Group>
      </PageForm>
    </Card>
  );
}

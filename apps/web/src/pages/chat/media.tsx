import { Alert, Button, Group, Image, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { POLL_MS, useSocketLive } from './parts';
import { chatSocket } from './socket';

export type MediaView = paths['/api/chat/media/{id}']['get']['responses']['200']['content']['application/json'];
type VariantName = MediaView['variants'][number]['name'];

/**
 * How often a media still processing is read again while the socket is live. `media.ready`
 * says when it is ready, but nothing is told when processing fails (the file is parked), so a
 * slow read still finds that out.
 */
const FAILURE_CHECK_MS = 10_000;

/**
 * Whether the media will not change any more. A 404 (null) is not: a member is granted a media
 * when chat-media consumes the message's event, a moment after the message itself arrives.
 */
const settled = (m: MediaView | null | undefined) => m?.status === 'ready' || m?.status === 'failed';

/**
 * A message's media: "processing" until the socket's `media.ready` for it (or the message's
 * `mediaReady`, or a read of `GET /api/chat/media/{id}`) says it is ready; then a picture's
 * thumbnail (its full image on click), a video's poster with a play button, or a sound's player.
 * A file that failed processing (parked for an operator) says so with the reason.
 */
export function MediaBox({ mediaId, announced }: { mediaId: string; announced: boolean }) {
  const { t } = useTranslation();
  const live = useSocketLive();
  const queries = useQueryClient();
  const key = ['chat-media', mediaId];
  const media = useQuery({
    queryKey: key,
    queryFn: async (): Promise<MediaView | null> => {
      const { data, error, response } = await api.GET('/api/chat/media/{id}', { params: { path: { id: mediaId } } });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
    refetchInterval: (q) => (settled(q.state.data) ? false : live ? FAILURE_CHECK_MS : POLL_MS),
  });
  const current = media.data ?? undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the media id's
  useEffect(
    () =>
      chatSocket.listen((frame) => {
        if (frame.type === 'media.ready' && frame.mediaId === mediaId)
          void queries.invalidateQueries({ queryKey: key });
      }),
    [mediaId, queries],
  );
  // The message says its media was announced (it came with the history or a frame): read it again once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the flag turns true
  useEffect(() => {
    if (announced && current && !settled(current)) void queries.invalidateQueries({ queryKey: key });
  }, [announced, current?.status]);

  if (!current || current.status === 'pending' || current.status === 'processing')
    return (
      <Group gap="xs" data-testid="media" data-status="processing" role="status">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('chat.media.processing')}</Text>
      </Group>
    );
  if (current.status === 'failed')
    return (
      <Alert color="red" variant="outline" data-testid="media" data-status="failed" title={t('chat.media.failed')}>
        <Text size="sm">{t('chat.media.failedHelp')}</Text>
        {current.reason && (
          <Text size="xs" c="dimmed" data-testid="media-reason">
            {current.reason}
          </Text>
        )}
      </Alert>
    );
  return (
    <Stack gap={4} data-testid="media" data-status="ready" data-kind={current.kind}>
      {current.kind === 'image' && <Picture media={current} />}
      {current.kind === 'video' && <Video media={current} />}
      {current.kind === 'audio' && <Sound media={current} />}
    </Stack>
  );
}

/** A variant's file as an object URL (the variant routes need the access token, which an `src` cannot carry). */
function useVariantUrl(mediaId: string, variant: VariantName | undefined): string | undefined {
  const file = useQuery({
    queryKey: ['chat-media-variant', mediaId, variant],
    enabled: variant !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/chat/media/{id}/variants/{variant}', {
        params: { path: { id: mediaId, variant: variant ?? 'image' } },
        parseAs: 'blob',
      });
      if (error || !(data instanceof Blob)) throw error ?? new Error('no file');
      return data;
    },
  });
  // The URL is answered only with the file it was made of: after a change of variant, the previous
  // variant's URL (revoked, or another picture) is never shown under the new one's name.
  const [made, setMade] = useState<{ of: Blob; url: string } | undefined>(undefined);
  useEffect(() => {
    if (!file.data) return;
    const url = URL.createObjectURL(file.data);
    setMade({ of: file.data, url });
    return () => URL.revokeObjectURL(url);
  }, [file.data]);
  return made && made.of === file.data ? made.url : undefined;
}

const variantOf = (media: MediaView, name: VariantName) => media.variants.find((v) => v.name === name);

function Picture({ media }: { media: MediaView }) {
  const { t } = useTranslation();
  const [full, setFull] = useState(false);
  const small = variantOf(media, 'thumbnail') ?? variantOf(media, 'image');
  const smallUrl = useVariantUrl(media.id, small?.name);
  const fullUrl = useVariantUrl(media.id, full ? 'image' : undefined);
  // Asked for the full picture, the thumbnail stays until it has arrived.
  const large = full && fullUrl !== undefined;
  const shown = large ? variantOf(media, 'image') : small;
  const url = large ? fullUrl : smallUrl;
  if (!url) return <Loader size="xs" aria-label={t('loading')} />;
  return (
    <UnstyledButton
      onClick={() => setFull((f) => !f)}
      aria-label={full ? t('chat.media.smaller') : t('chat.media.larger')}
    >
      <Image
        src={url}
        alt={t('chat.media.picture')}
        data-testid={large ? 'media-image' : 'media-thumbnail'}
        w={shown?.width}
        maw="100%"
        fit="contain"
        radius="sm"
      />
    </UnstyledButton>
  );
}

/** A video's poster; its MP4 is fetched when the user asks to play it. */
function Video({ media }: { media: MediaView }) {
  const { t } = useTranslation();
  const [play, setPlay] = useState(false);
  const poster = useVariantUrl(media.id, variantOf(media, 'poster') ? 'poster' : undefined);
  const video = useVariantUrl(media.id, play ? 'video' : undefined);
  if (play && video)
    return (
      // biome-ignore lint/a11y/useMediaCaption: members' own clips come without captions
      <video controls autoPlay src={video} poster={poster} data-testid="media-video" style={{ maxWidth: '100%' }} />
    );
  return (
    <Stack gap={4} align="flex-start">
      {poster && <Image src={poster} alt={t('chat.media.poster')} data-testid="media-poster" maw={320} radius="sm" />}
      <Button size="compact-sm" variant="light" loading={play} onClick={() => setPlay(true)}>
        {t('chat.media.play')}
      </Button>
    </Stack>
  );
}

function Sound({ media }: { media: MediaView }) {
  const { t } = useTranslation();
  const url = useVariantUrl(media.id, 'audio');
  if (!url) return <Loader size="xs" aria-label={t('loading')} />;
  // biome-ignore lint/a11y/useMediaCaption: members' own voice notes come without captions
  return <audio controls src={url} data-testid="media-audio" aria-label={t('chat.media.sound')} />;
}

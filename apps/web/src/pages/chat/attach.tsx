import { Button, Group, Input, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { asProblem, fieldErrors } from '../../api/problem';

/** A file uploaded to chat-media, to go in the next message as its `mediaId`. */
export interface Attached {
  id: string;
  name: string;
}

/**
 * Attach a picture, a video or a sound to the next message: uploaded when chosen
 * (`POST /api/chat/media`, 202), what the API refuses (413 too large, 415 not a picture, video or
 * sound: read from the bytes, not the name) shown under the field.
 */
export function MediaAttach(props: { attached: Attached | undefined; onChange: (a: Attached | undefined) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  // A new input after each upload or removal: the same file can be chosen again.
  const [round, setRound] = useState(0);
  const upload = async (file: File | undefined) => {
    props.onChange(undefined);
    setError(undefined);
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    setBusy(true);
    try {
      const {
        data,
        error: problem,
        response,
      } = await api.POST('/api/chat/media', {
        body: form as never,
        bodySerializer: (body: unknown) => body as FormData,
      });
      if (data) props.onChange({ id: data.id, name: file.name });
      else
        setError(
          fieldErrors(asProblem(problem)).file ??
            (response.status === 413 ? t('chat.media.tooLarge') : t('chat.media.uploadFailed')),
        );
    } catch {
      setError(t('chat.media.uploadFailed'));
    } finally {
      setBusy(false);
      setRound((r) => r + 1);
    }
  };
  return (
    <Input.Wrapper label={t('chat.media.attach')} description={t('chat.media.attachHelp')} error={error} id={id}>
      <Group gap="xs" mt={4}>
        {props.attached ? (
          <>
            <Text size="sm" data-testid="attached">
              {t('chat.media.attached', { name: props.attached.name })}
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={() => props.onChange(undefined)}>
              {t('chat.media.remove')}
            </Button>
          </>
        ) : (
          <input
            key={round}
            id={id}
            type="file"
            name="file"
            accept="image/*,video/*,audio/*"
            disabled={busy}
            aria-invalid={error !== undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => void upload(e.currentTarget.files?.[0])}
          />
        )}
        {busy && (
          <Text size="sm" c="dimmed" role="status">
            {t('chat.media.uploading')}
          </Text>
        )}
      </Group>
    </Input.Wrapper>
  );
}

import { Alert, Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { session } from '../../api/session';
import { check, rules } from '../../api/validate';
import { DoneCard, FormCard, NewPasswordInput, useSubmit } from '../Form';

/** The emailed link's page (/reset-password?token=…): a new password ends every session. */
export default function ResetPassword() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit();
  const submit = async () => {
    const changed = await form.run(check({ password }, { password: [rules.password] }), () =>
      api.POST('/api/identity/password/reset', { body: { token, password } }),
    );
    if (!changed) return;
    session.set(undefined);
    setDone(true);
  };
  if (!token) {
    return (
      <FormCard title={t('reset.title')} onSubmit={() => undefined}>
        <Alert color="red">{t('reset.noToken')}</Alert>
      </FormCard>
    );
  }
  if (done) return <DoneCard title={t('reset.title')} message={t('reset.done')} />;
  return (
    <FormCard title={t('reset.title')} errors={form.errors} onSubmit={() => void submit()}>
      <NewPasswordInput
        label={t('fields.newPassword')}
        value={password}
        error={form.error('password')}
        onChange={setPassword}
      />
      <Button type="submit" loading={form.busy}>
        {t('reset.submit')}
      </Button>
    </FormCard>
  );
}

import { Alert, Button, PasswordInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { asProblem } from '../../api/problem';
import { session } from '../../api/session';
import { check, rules } from '../../api/validate';
import { FormCard, type FormErrors, fromProblem, noErrors, useFieldError } from '../Form';

/** The emailed link's page (/reset-password?token=…): a new password ends every session. */
export default function ResetPassword() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const error = useFieldError(errors);
  const submit = async () => {
    const fields = check({ password }, { password: [rules.password] });
    setErrors({ fields });
    if (Object.keys(fields).length > 0) return;
    setBusy(true);
    const { error } = await api.POST('/api/identity/password/reset', { body: { token, password } });
    setBusy(false);
    if (error) return setErrors(fromProblem(asProblem(error), t('errors.generic')));
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
  if (done) {
    return (
      <FormCard title={t('reset.title')} onSubmit={() => undefined}>
        <Alert color="green" role="status">
          {t('reset.done')}
        </Alert>
        <Button component={Link} to="/sign-in">
          {t('nav.signIn')}
        </Button>
      </FormCard>
    );
  }
  return (
    <FormCard title={t('reset.title')} errors={errors} onSubmit={() => void submit()}>
      <PasswordInput
        label={t('fields.newPassword')}
        name="password"
        autoComplete="new-password"
        required
        description={t('validation.password')}
        value={password}
        error={error('password')}
        onChange={(e) => setPassword(e.currentTarget.value)}
      />
      <Button type="submit" loading={busy}>
        {t('reset.submit')}
      </Button>
    </FormCard>
  );
}

import { Alert, Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { asProblem } from '../../api/problem';
import { check, rules } from '../../api/validate';
import { FormCard, type FormErrors, fromProblem, noErrors, useFieldError } from '../Form';

/** Asks for a reset link by email (the API answers the same whether the account exists or not). */
export default function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const error = useFieldError(errors);
  const submit = async () => {
    const fields = check({ email }, { email: [rules.email] });
    setErrors({ fields });
    if (Object.keys(fields).length > 0) return;
    setBusy(true);
    const { error } = await api.POST('/api/identity/password/forgot', { body: { email: email.trim() } });
    setBusy(false);
    if (error) return setErrors(fromProblem(asProblem(error), t('errors.generic')));
    setSent(true);
  };
  return (
    <FormCard
      title={t('forgot.title')}
      errors={errors}
      onSubmit={() => void submit()}
      notice={sent ? <Alert role="status">{t('forgot.sent')}</Alert> : undefined}
    >
      <TextInput
        label={t('fields.email')}
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        error={error('email')}
        onChange={(e) => setEmail(e.currentTarget.value)}
      />
      <Button type="submit" loading={busy}>
        {t('forgot.submit')}
      </Button>
    </FormCard>
  );
}

import { Alert, Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { check, rules } from '../../api/validate';
import { FormCard, useSubmit } from '../Form';

/** Asks for a reset link by email (the API answers the same whether the account exists or not). */
export default function ForgotPassword() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useSubmit();
  const submit = async () => {
    const sentOk = await form.run(check({ email }, { email: [rules.email] }), () =>
      api.POST('/api/identity/password/forgot', { body: { email: email.trim() } }),
    );
    if (sentOk) setSent(true);
  };
  return (
    <FormCard
      title={t('forgot.title')}
      errors={form.errors}
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
        error={form.error('email')}
        onChange={(e) => setEmail(e.currentTarget.value)}
      />
      <Button type="submit" loading={form.busy}>
        {t('forgot.submit')}
      </Button>
    </FormCard>
  );
}

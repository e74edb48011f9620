import { Alert, Anchor, Button, Group, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { check, type Rule, rules } from '../../api/validate';
import { useSystem } from '../../system';
import { CodeInput, DoneCard, FormCard, NewPasswordInput, useSubmit } from '../Form';

type Field = 'email' | 'password' | 'name' | 'phone' | 'country' | 'birthDate';

/**
 * Create an account for the system in use (MusicFest asks for phone, country and date of
 * birth), then confirm the email with the code sent to it.
 */
export default function Register() {
  const { t, i18n } = useTranslation();
  const system = useSystem();
  const musicfest = system === 'musicfest';
  const [form, setForm] = useState<Record<Field, string>>({
    email: '',
    password: '',
    name: '',
    phone: '',
    country: '',
    birthDate: '',
  });
  const [registered, setRegistered] = useState<string>();
  const [code, setCode] = useState('');
  const [verified, setVerified] = useState(false);
  const [resent, setResent] = useState(false);
  const { errors, busy, error, run } = useSubmit();

  const submit = async () => {
    const spec: Partial<Record<Field, Rule[]>> = {
      email: [rules.email],
      password: [rules.password],
      name: [rules.name],
      ...(musicfest || form.phone ? { phone: [rules.phone] } : {}),
      ...(musicfest || form.country ? { country: [rules.country] } : {}),
      ...(musicfest || form.birthDate ? { birthDate: [rules.pastDate] } : {}),
    };
    const created = await run(check(form, spec), () =>
      api.POST('/api/identity/register', {
        body: {
          email: form.email.trim(),
          password: form.password,
          name: form.name.trim(),
          ...(form.phone ? { phone: form.phone.replace(/[\s-]/g, '') } : {}),
          ...(form.country ? { country: form.country.trim().toUpperCase() } : {}),
          ...(form.birthDate ? { birthDate: form.birthDate } : {}),
          locale: i18n.language === 'en' ? 'en' : 'es',
          system,
        },
      }),
    );
    if (created) setRegistered(form.email.trim());
  };

  const verify = async () => {
    if (!registered) return;
    const confirmed = await run(check({ code }, { code: [rules.code] }), () =>
      api.POST('/api/identity/verify-email', { body: { email: registered, code: code.trim() } }),
    );
    if (confirmed) setVerified(true);
  };

  const resend = async () => {
    if (!registered) return;
    await api.POST('/api/identity/verify-email/resend', { body: { email: registered } });
    setResent(true);
  };

  if (verified) return <DoneCard title={t('register.codeTitle')} message={t('register.done')} />;

  if (registered) {
    return (
      <FormCard
        title={t('register.codeTitle')}
        errors={errors}
        onSubmit={() => void verify()}
        notice={<Alert color="blue">{t('register.codeSent', { email: registered })}</Alert>}
      >
        <CodeInput value={code} error={error('code')} onChange={setCode} />
        <Group justify="space-between">
          <Button type="submit" loading={busy}>
            {t('register.verify')}
          </Button>
          <Button variant="subtle" onClick={() => void resend()}>
            {t('register.resend')}
          </Button>
        </Group>
        {resent && <Text size="sm">{t('register.resent')}</Text>}
      </FormCard>
    );
  }

  const input = (field: Field, props: Record<string, unknown> = {}) => (
    <TextInput
      label={t(`fields.${field}`)}
      name={field}
      value={form[field]}
      error={error(field)}
      onChange={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
      {...props}
    />
  );

  return (
    <FormCard
      title={t('register.title')}
      errors={errors}
      onSubmit={() => void submit()}
      notice={musicfest ? <Text size="sm">{t('register.musicfestNeeds')}</Text> : undefined}
      footer={
        <Text size="sm" mt="md">
          {t('register.haveAccount')}{' '}
          <Anchor component={Link} to="/sign-in">
            {t('nav.signIn')}
          </Anchor>
        </Text>
      }
    >
      {input('name', { autoComplete: 'name', required: true, maxLength: 100 })}
      {input('email', { type: 'email', autoComplete: 'email', required: true })}
      <NewPasswordInput
        label={t('fields.password')}
        value={form.password}
        error={error('password')}
        onChange={(password) => setForm({ ...form, password })}
      />
      {input('phone', { type: 'tel', autoComplete: 'tel', required: musicfest })}
      {input('country', { autoComplete: 'country', maxLength: 2, required: musicfest })}
      {input('birthDate', { type: 'date', autoComplete: 'bday', required: musicfest })}
      <Button type="submit" loading={busy}>
        {t('register.submit')}
      </Button>
    </FormCard>
  );
}

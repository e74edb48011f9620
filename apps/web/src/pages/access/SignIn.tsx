import { Alert, Anchor, Button, Checkbox, Group, PasswordInput, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { session } from '../../api/session';
import { check, rules } from '../../api/validate';
import { useSystem } from '../../system';
import { CodeInput, FormCard, useSubmit } from '../Form';

interface Challenge {
  challengeId: string;
  expiresIn: number;
}

/**
 * Sign in: email and password, then, where the system's policy asks for it (MusicFest), the
 * code emailed to the user, optionally remembering this device so it skips the code next time.
 */
export default function SignIn() {
  const { t } = useTranslation();
  const system = useSystem();
  const navigate = useNavigate();
  // Where a page sent the user to sign in (a path of this app only), else the account.
  const next = useSearchParams()[0].get('next');
  const queries = useQueryClient();
  const [form, setForm] = useState({ email: '', password: '' });
  const [step, setStep] = useState({ code: '', remember: false, deviceName: defaultDeviceName() });
  const [challenge, setChallenge] = useState<Challenge>();
  const { errors, busy, error, run } = useSubmit();

  const signedIn = (tokens: { accessToken: string; refreshToken: string; deviceToken?: string }) => {
    if (tokens.deviceToken) session.rememberDevice(form.email, tokens.deviceToken);
    session.set({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    void queries.invalidateQueries();
    void navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/account');
  };

  const submitPassword = async () => {
    const deviceToken = session.deviceToken(form.email);
    const answer = await run(check(form, { email: [rules.email], password: [rules.required] }), () =>
      api.POST('/api/identity/login', {
        body: {
          email: form.email.trim(),
          password: form.password,
          ...(deviceToken ? { deviceToken } : {}),
          ...(system === 'musicfest' ? { policy: 'musicfest' as const } : {}),
        },
      }),
    );
    if (!answer?.data) return;
    const data = answer.data;
    if ('twoFactorRequired' in data) setChallenge({ challengeId: data.challengeId, expiresIn: data.expiresIn });
    else signedIn(data);
  };

  const submitCode = async () => {
    if (!challenge) return;
    const broken = check(
      { code: step.code, deviceName: step.deviceName },
      { code: [rules.code], ...(step.remember ? { deviceName: [rules.name] } : {}) },
    );
    const answer = await run(broken, () =>
      api.POST('/api/identity/login/2fa', {
        body: {
          challengeId: challenge.challengeId,
          code: step.code.trim(),
          ...(step.remember ? { rememberDevice: true, deviceName: step.deviceName.trim() } : {}),
        },
      }),
    );
    if (answer?.data) signedIn(answer.data);
  };

  if (challenge) {
    return (
      <FormCard
        title={t('signIn.codeTitle')}
        errors={errors}
        onSubmit={() => void submitCode()}
        notice={
          <Alert color="blue">
            {t('signIn.codeSent', { minutes: Math.max(1, Math.round(challenge.expiresIn / 60)) })}
          </Alert>
        }
      >
        <CodeInput value={step.code} error={error('code')} onChange={(code) => setStep({ ...step, code })} />
        <Checkbox
          label={t('fields.rememberDevice')}
          name="rememberDevice"
          checked={step.remember}
          onChange={(e) => setStep({ ...step, remember: e.currentTarget.checked })}
        />
        {step.remember && (
          <TextInput
            label={t('fields.deviceName')}
            name="deviceName"
            maxLength={100}
            value={step.deviceName}
            error={error('deviceName')}
            onChange={(e) => setStep({ ...step, deviceName: e.currentTarget.value })}
          />
        )}
        <Button type="submit" loading={busy}>
          {t('signIn.verify')}
        </Button>
      </FormCard>
    );
  }

  return (
    <FormCard
      title={t('signIn.title')}
      errors={errors}
      onSubmit={() => void submitPassword()}
      footer={
        <Group justify="space-between" mt="md">
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('signIn.forgot')}
          </Anchor>
          <Text size="sm">
            {t('signIn.noAccount')}{' '}
            <Anchor component={Link} to="/register">
              {t('nav.register')}
            </Anchor>
          </Text>
        </Group>
      }
    >
      <TextInput
        label={t('fields.email')}
        name="email"
        type="email"
        autoComplete="username"
        required
        value={form.email}
        error={error('email')}
        onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
      />
      <PasswordInput
        label={t('fields.password')}
        name="password"
        autoComplete="current-password"
        required
        value={form.password}
        error={error('password')}
        onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
      />
      <Button type="submit" loading={busy}>
        {t('signIn.submit')}
      </Button>
    </FormCard>
  );
}

function defaultDeviceName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

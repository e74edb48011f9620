import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { asProblem, type FieldErrors, fieldErrors, type Problem, problemMessage } from '../api/problem';

/** A form's state after submitting: field messages (rule keys or the API's text) and a summary. */
export interface FormErrors {
  fields: FieldErrors;
  summary?: string;
}

export const noErrors: FormErrors = { fields: {} };

/** The API's problem+json as form errors: each field's message by it, the detail above. */
export function fromProblem(problem: Problem | undefined, fallback: string): FormErrors {
  const fields = fieldErrors(problem);
  // Field messages show by their fields; above the form only what the problem is.
  const summary = Object.keys(fields).length > 0 ? (problem?.title ?? fallback) : problemMessage(problem, fallback);
  return { fields, summary };
}

/** A field's message in the user's language when it is one of ours, else the API's words. */
export function useFieldError(errors: FormErrors) {
  const { t } = useTranslation();
  return (field: string) => {
    const message = errors.fields[field];
    return message?.startsWith('validation.') ? t(message) : message;
  };
}

/** A titled card holding one form; Enter submits it and errors are announced. */
export function FormCard(props: {
  title: string;
  errors?: FormErrors;
  notice?: ReactNode;
  onSubmit: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <Paper maw={440} mx="auto" mt="lg" p="lg" withBorder>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {props.title}
          </Title>
          {props.notice}
          <FormSummary errors={props.errors} />
          {props.children}
        </Stack>
      </form>
      {props.footer}
    </Paper>
  );
}

/** What the API said is wrong with the form as a whole, announced; nothing when all is well. */
export function FormSummary({ errors }: { errors: FormErrors | undefined }) {
  if (!errors?.summary) return null;
  return (
    <Alert color="red" role="alert" data-testid="form-error">
      {errors.summary}
    </Alert>
  );
}

/** A form of a page (not a card): Enter submits it, the browser's own checks are off (ours speak the user's language), the API's summary above the fields. */
export function PageForm(props: { onSubmit: () => void; errors: FormErrors; gap?: string; children: ReactNode }) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <Stack gap={props.gap}>
        <FormSummary errors={props.errors} />
        {props.children}
      </Stack>
    </form>
  );
}

/**
 * A form's submission: the rules' messages first (nothing is sent while one is broken), then
 * the API call, whose problem+json becomes the form's errors. Resolves to the API's answer
 * when it succeeded.
 */
export function useSubmit() {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const error = useFieldError(errors);
  const run = async <T extends { error?: unknown }>(
    broken: Record<string, string>,
    send: () => Promise<T>,
  ): Promise<T | undefined> => {
    setErrors({ fields: broken });
    if (Object.keys(broken).length > 0) return undefined;
    setBusy(true);
    try {
      const answer = await send();
      if (answer.error === undefined) return answer;
      setErrors(fromProblem(asProblem(answer.error), t('errors.generic')));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, error, run };
}

/** The emailed 6-digit code's field. */
export function CodeInput(props: { value: string; error: string | undefined; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('fields.code')}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      required
      autoFocus
      value={props.value}
      error={props.error}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}

/** A finished flow: what happened, and the way on to signing in. */
export function DoneCard(props: { title: string; message: string }) {
  const { t } = useTranslation();
  return (
    <FormCard title={props.title} onSubmit={() => undefined}>
      <Alert color="green" role="status">
        {props.message}
      </Alert>
      <Button component={Link} to="/sign-in">
        {t('nav.signIn')}
      </Button>
    </FormCard>
  );
}

/** A password being chosen (registration, reset): the API's length rule shown under it. */
export function NewPasswordInput(props: {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      label={props.label}
      name="password"
      autoComplete="new-password"
      required
      description={t('validation.password')}
      value={props.value}
      error={props.error}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}

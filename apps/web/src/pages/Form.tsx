import { Alert, Paper, Stack, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldErrors, fieldErrors, type Problem, problemMessage } from '../api/problem';

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
          {props.errors?.summary && (
            <Alert color="red" role="alert" data-testid="form-error">
              {props.errors.summary}
            </Alert>
          )}
          {props.children}
        </Stack>
      </form>
      {props.footer}
    </Paper>
  );
}

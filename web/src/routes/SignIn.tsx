import { Button, Center, Divider, Paper, PasswordInput, SegmentedControl, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, setCsrfToken } from '../api/client.ts';
import { keys } from '../api/hooks.ts';
import type { Session } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

/** Email + password, and beside it an API token (the bootstrap admin token opens a fresh install). */
export function SignInPage() {
  const { t, locale, setLocale } = useI18n();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent, body: object) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>('POST', '/api/v1/session', body);
      setCsrfToken(session.csrfToken);
      client.setQueryData(keys.session, session);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="lg" w={400} maw="100%" component="main">
        <Stack>
          <SegmentedControl
            size="xs"
            aria-label={t('language')}
            value={locale}
            onChange={(value) => setLocale(value === 'ja' ? 'ja' : 'en')}
            data={[
              { value: 'ja', label: '日本語' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Title order={1} size="h3">
            {t('signInTitle')}
          </Title>
          <ErrorAlert error={error} />
          <form onSubmit={(event) => void submit(event, { email, password })}>
            <Stack>
              <TextInput label={t('email')} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
              <PasswordInput label={t('password')} name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy}>
                {t('signIn')}
              </Button>
            </Stack>
          </form>
          <Divider label={t('orToken')} />
          <form onSubmit={(event) => void submit(event, { token })}>
            <Stack>
              <PasswordInput label={t('token')} name="token" autoComplete="off" required value={token} onChange={(e) => setToken(e.currentTarget.value)} />
              <Button type="submit" variant="light" loading={busy}>
                {t('signInWithToken')}
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </Center>
  );
}

import { Alert, Button, Card, Code, Group, Loader, PasswordInput, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { api } from '../api/client.ts';
import { keys, useApiMutation, usePlaybook, useTokens, useUsers } from '../api/hooks.ts';
import type { User } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

// The playbook editor (with the YAML library) and the status tab load only when opened.
const PlaybookEditor = lazy(() => import('../features/settings/PlaybookEditor.tsx'));
const StatusPanel = lazy(() => import('../features/settings/StatusPanel.tsx'));

const ROLES = ['viewer', 'responder', 'admin'].map((value) => ({ value, label: value }));

function PasswordReset({ target }: { target: User }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const set = useApiMutation(() => api('PUT', `/api/v1/users/${target.id}/password`, { password }));
  return (
    <Group gap="xs" wrap="nowrap">
      <PasswordInput size="xs" aria-label={`${t('setPassword')}: ${target.name}`} placeholder={t('newPassword')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
      <Button size="xs" variant="default" onClick={() => set.mutate(undefined, { onSuccess: () => setPassword('') })}>
        {t('setPassword')}
      </Button>
      {set.isSuccess && <Text size="xs" c="teal">✓</Text>}
      {set.error !== null && <ErrorAlert error={set.error} />}
    </Group>
  );
}

function UsersTab() {
  const { t } = useI18n();
  const users = useUsers(true);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('responder');
  const create = useApiMutation((body: object) => api('POST', '/api/v1/users', body), [keys.users]);
  const update = useApiMutation(({ id, ...body }: { id: string; role?: string; isActive?: boolean }) => api('PATCH', `/api/v1/users/${id}`, body), [keys.users]);
  return (
    <Stack>
      <ErrorAlert error={users.error ?? create.error ?? update.error} />
      <div className="table-scroll">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('name')}</Table.Th>
              <Table.Th>{t('email')}</Table.Th>
              <Table.Th>{t('role')}</Table.Th>
              <Table.Th>{t('password')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.items ?? []).map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>{user.name}</Table.Td>
                <Table.Td>{user.email}</Table.Td>
                <Table.Td>
                  <Select size="xs" aria-label={`${t('role')}: ${user.name}`} value={user.role} data={ROLES} allowDeselect={false} onChange={(value) => value && update.mutate({ id: user.id, role: value })} w={130} />
                </Table.Td>
                <Table.Td>
                  <PasswordReset target={user} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          {t('addUser')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput label={t('email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <Select label={t('role')} value={role} data={ROLES} allowDeselect={false} onChange={(value) => setRole(value ?? 'responder')} w={140} />
          <Button onClick={() => create.mutate({ name, email, role }, { onSuccess: () => { setName(''); setEmail(''); } })}>{t('addUser')}</Button>
        </Group>
      </Card>
    </Stack>
  );
}

function TokensTab({ user }: { user: User }) {
  const { t, dateTime } = useI18n();
  const tokens = useTokens();
  const [name, setName] = useState('');
  const create = useApiMutation((body: object) => api<{ token: string }>('POST', '/api/v1/tokens', body), [keys.tokens]);
  const revoke = useApiMutation((id: string) => api('DELETE', `/api/v1/tokens/${id}`), [keys.tokens]);
  return (
    <Stack>
      <ErrorAlert error={tokens.error ?? create.error ?? revoke.error} />
      {create.data && (
        <Alert color="yellow" title={t('tokenShownOnce')}>
          <Code data-testid="new-token">{create.data.token}</Code>
        </Alert>
      )}
      <Group align="flex-end">
        <TextInput label={t('name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Button disabled={name.trim() === ''} onClick={() => create.mutate({ userId: user.id, name })}>
          {t('createToken')}
        </Button>
      </Group>
      <div className="table-scroll">
        <Table>
          <Table.Tbody>
            {(tokens.data?.items ?? []).map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>
                  <Code>{token.prefix}…</Code>
                </Table.Td>
                <Table.Td>
                  {t('lastUsed')}: {dateTime(token.lastUsedAt)}
                </Table.Td>
                <Table.Td>
                  {token.revokedAt ? (
                    <Text size="xs" c="dimmed">
                      {t('revoked')}
                    </Text>
                  ) : (
                    <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(token.id)}>
                      {t('revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

function PlaybookTab() {
  const { t, text } = useI18n();
  const playbook = usePlaybook();
  const data = playbook.data;
  if (!data) return <ErrorAlert error={playbook.error} />;
  return (
    <Stack>
      <Text>{t('playbookVersion', { version: data.version })}</Text>
      <Table>
        <Table.Tbody>
          {data.playbook.severities.map((severity) => (
            <Table.Tr key={severity.id}>
              <Table.Td fw={700}>{severity.id}</Table.Td>
              <Table.Td>{text(severity.meaning)}</Table.Td>
              <Table.Td>{severity.statusUpdateEveryMinutes} min</Table.Td>
              <Table.Td>{severity.convergenceWatchMinutes} min</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data.playbook.roles.map((role) => (
        <Text key={role.id} size="sm">
          <b>{text(role.name)}</b>: {text(role.description)}
        </Text>
      ))}
    </Stack>
  );
}

function MyPassword({ user }: { user: User }) {
  const { t } = useI18n();
  const [currentPassword, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const change = useApiMutation(() => api('PUT', `/api/v1/users/${user.id}/password`, { password, ...(currentPassword !== '' && { currentPassword }) }));
  return (
    <Card withBorder maw={480}>
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('changeMyPassword')}
        </Title>
        <ErrorAlert error={change.error} />
        {change.isSuccess && <Alert color="teal">{t('passwordChanged')}</Alert>}
        <PasswordInput label={t('currentPassword')} autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.currentTarget.value)} />
        <PasswordInput label={t('newPassword')} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
        <Group>
          <Button onClick={() => change.mutate(undefined)}>{t('save')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Settings: everyone their password and tokens; admins users, roles, the playbook editor and the status. */
export function SettingsPage({ user }: { user: User }) {
  const { t } = useI18n();
  const isAdmin = user.role === 'admin';
  const [tab, setTab] = useState<string | null>(isAdmin ? 'users' : 'tokens');
  const loading = <Loader aria-label={t('loading')} />;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settingsTitle')}
      </Title>
      <MyPassword user={user} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          {isAdmin && <Tabs.Tab value="users">{t('users')}</Tabs.Tab>}
          <Tabs.Tab value="tokens">{t('tokens')}</Tabs.Tab>
          <Tabs.Tab value="playbook">{t('playbook')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab value="status">{t('settingsStatus')}</Tabs.Tab>}
        </Tabs.List>
        {isAdmin && (
          <Tabs.Panel value="users" pt="md">
            <UsersTab />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="tokens" pt="md">
          <TokensTab user={user} />
        </Tabs.Panel>
        <Tabs.Panel value="playbook" pt="md">
          {isAdmin ? (
            <Suspense fallback={loading}>
              <PlaybookEditor />
            </Suspense>
          ) : (
            <PlaybookTab />
          )}
        </Tabs.Panel>
        {isAdmin && (
          <Tabs.Panel value="status" pt="md">
            <Suspense fallback={loading}>
              <StatusPanel />
            </Suspense>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

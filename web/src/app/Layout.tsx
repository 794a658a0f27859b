import { AppShell, Badge, Burger, Button, Group, NavLink, SegmentedControl, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import { keys } from '../api/hooks.ts';
import type { Locale, User } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';

const NAV: { to: string; label: MessageKey; admin?: boolean }[] = [
  { to: '/', label: 'navDashboard' },
  { to: '/declare', label: 'navDeclare' },
  { to: '/reports/new', label: 'navReport' },
  { to: '/actions', label: 'navActions' },
  { to: '/insights', label: 'navInsights' },
  { to: '/settings', label: 'navSettings' },
];

/** The frame of every page: header (language, live state, sign out) and the navigation. */
export function Layout({ user, live, children }: { user: User; live: boolean; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const client = useQueryClient();
  const switchLocale = (next: string) => {
    setLocale(next as Locale);
    // Kept on the profile too, so messages from the API and Slack follow the same choice.
    void api('PATCH', `/api/v1/users/${user.id}`, { locale: next }).catch(() => undefined);
  };
  const signOut = async () => {
    await api('DELETE', '/api/v1/session').catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    await client.invalidateQueries({ queryKey: keys.session });
  };
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="menu" />
            <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 6, textDecoration: 'none', color: 'inherit' }}>
              <img src="/favicon.svg" alt="" width={22} height={22} />
              <Text fw={700}>{t('appName')}</Text>
            </Link>
            <Badge color={live ? 'teal' : 'gray'} variant="dot" data-testid="live" visibleFrom="sm">
              {live ? t('live') : t('offline')}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label={t('language')}
              value={locale}
              onChange={switchLocale}
              data={[
                { value: 'ja', label: '日本語' },
                { value: 'en', label: 'English' },
              ]}
            />
            {/* On a phone the header has no room for it (Japanese especially): it is in the menu. */}
            <Button size="xs" variant="subtle" onClick={() => void signOut()} visibleFrom="sm">
              {t('signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="main">
        <Stack gap={2}>
          {NAV.filter((item) => !item.admin || user.role === 'admin').map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.label)}
              active={location.pathname === item.to}
              onClick={close}
            />
          ))}
          <Text size="xs" c="dimmed" mt="md">
            {user.name} ({user.role})
          </Text>
          <Button variant="subtle" justify="flex-start" onClick={() => void signOut()} hiddenFrom="sm">
            {t('signOut')}
          </Button>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main">{children}</AppShell.Main>
    </AppShell>
  );
}

import { Center, Loader, MantineThemeProvider, createTheme } from '@mantine/core';
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { setCsrfToken, setOnUnauthenticated } from '../api/client.ts';
import { keys, useSession } from '../api/hooks.ts';
import { useLiveUpdates } from '../api/live.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { Layout } from './Layout.tsx';
import { SignInPage } from '../routes/SignIn.tsx';
import { DashboardPage } from '../routes/Dashboard.tsx';
import { DeclarePage } from '../routes/Declare.tsx';
import { IncidentPage } from '../routes/Incident.tsx';
import { ReportPage, NewReportPage } from '../routes/Report.tsx';
import { ActionsPage } from '../routes/Actions.tsx';
import { PostmortemPage } from '../routes/Postmortem.tsx';
import { SettingsPage } from '../routes/Settings.tsx';

// Insights (charts) is loaded when opened: its code stays out of the dashboard's initial load.
const InsightsPage = lazy(() => import('../routes/Insights.tsx').then((module) => ({ default: module.InsightsPage })));

/** Decorative icons Mantine draws inside controls (the select chevron) are hidden from screen readers. */
const ACCESSIBLE_THEME = createTheme({ components: { ComboboxChevron: { defaultProps: { 'aria-hidden': true } } } });

/** Signed out: the sign-in page; signed in: the app, with live updates. */
export function App() {
  return (
    <MantineThemeProvider theme={ACCESSIBLE_THEME}>
      <AppContent />
    </MantineThemeProvider>
  );
}

function AppContent() {
  const session = useSession();
  const client = useQueryClient();
  const user = session.data?.user;
  useEffect(() => {
    setOnUnauthenticated(() => void client.invalidateQueries({ queryKey: keys.session }));
  }, [client]);
  useEffect(() => {
    setCsrfToken(session.data?.csrfToken ?? null);
  }, [session.data]);
  const live = useLiveUpdates(Boolean(user));
  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="loading" />
      </Center>
    );
  }
  if (session.isError) return <ErrorAlert error={session.error} />;
  if (!user) return <SignInPage />;
  return (
    <Layout user={user} live={live}>
      <Routes>
        <Route path="/" element={<DashboardPage user={user} />} />
        <Route path="/declare" element={<DeclarePage />} />
        <Route path="/reports/new" element={<NewReportPage />} />
        <Route path="/reports/:id" element={<ReportPage />} />
        <Route path="/incidents/:id" element={<IncidentPage user={user} />} />
        <Route path="/incidents/:id/postmortem" element={<PostmortemPage user={user} />} />
        <Route path="/actions" element={<ActionsPage user={user} />} />
        <Route
          path="/insights"
          element={
            <Suspense fallback={<Loader aria-label="loading" />}>
              <InsightsPage />
            </Suspense>
          }
        />
        <Route path="/settings" element={<SettingsPage user={user} />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Layout>
  );
}

// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import defaultPlaybookYaml from '../../src/config/default-playbook.yaml?raw';
import PlaybookEditor from '../../web/src/features/settings/PlaybookEditor.tsx';
import { useI18n } from '../../web/src/i18n/i18n.tsx';
import { apiError, installBrowserShims, renderPage, stubApi } from './render.tsx';

/**
 * The playbook editor shows the server's problems as they come: the server words them in the
 * language the page asks for (Accept-Language), so a change of language checks the text again.
 */

beforeAll(installBrowserShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const MESSAGES = {
  en: 'must be a whole number, not a text',
  ja: '整数である必要があります（文字列になっています）',
};

function LanguageSwitch() {
  const { setLocale } = useI18n();
  return (
    <button type="button" onClick={() => setLocale('ja')}>
      to Japanese
    </button>
  );
}

describe('playbook editor', () => {
  it('shows the problems in the page’s language and checks again when the language changes', async () => {
    const { calls } = stubApi({
      'GET /api/v1/playbook/source': () => ({
        status: 200,
        body: { id: 'pb-1', version: 1, yaml: defaultPlaybookYaml },
      }),
      'GET /api/v1/playbook/versions': () => ({ status: 200, body: { items: [] } }),
      'POST /api/v1/playbook/validate': (call) => {
        const message = call.headers['accept-language'] === 'ja' ? MESSAGES.ja : MESSAGES.en;
        const errors = [
          { line: 65, column: 31, path: 'severities[1].statusUpdateEveryMinutes', message },
        ];
        return apiError(
          422,
          'playbook_invalid',
          'The playbook has 1 problem; nothing was saved.',
          errors,
        );
      },
    });
    renderPage(
      <>
        <LanguageSwitch />
        <PlaybookEditor />
      </>,
    );

    // The first render of the form is slow in happy-dom; the check itself waits 400 ms after it.
    // Each problem shows twice: under its field in the form and in the YAML view's list.
    const english = new RegExp(MESSAGES.en);
    await waitFor(() => expect(screen.queryAllByText(english)).toHaveLength(2), { timeout: 5000 });
    await userEvent.click(screen.getByRole('button', { name: 'to Japanese' }));
    const japanese = new RegExp(MESSAGES.ja);
    await waitFor(() => expect(screen.queryAllByText(japanese)).toHaveLength(2), { timeout: 5000 });
    expect(screen.queryAllByText(english)).toEqual([]);
    const validations = calls.filter((c) => c.path === '/api/v1/playbook/validate');
    expect(validations.map((c) => c.headers['accept-language'])).toEqual(['en', 'ja']);
  });
});

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLocale } from '../api/client.ts';
import type { Locale, Text } from '../api/types.ts';
import { messages, milestoneNames, statusNames, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'hikeshi.locale';

/** `declaredAt` → `declared_at` (the API shows milestones in camelCase, takes them in snake_case). */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `declared_at` → `declaredAt`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The UI language: the user's choice once made (kept in this browser), else the browser's (ja → Japanese). */
export function initialLocale(): Locale {
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (chosen === 'ja' || chosen === 'en') return chosen;
  const languages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return languages[0]?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** A playbook text in the UI's language. */
  text: (text: Text | undefined) => string;
  statusName: (status: string) => string;
  milestoneName: (milestone: string) => string;
  /** A date and time in the user's time zone. */
  dateTime: (iso: string | null | undefined) => string;
  /** How long ago, e.g. "2h 5m". */
  age: (iso: string, now?: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = initialLocale();
    setApiLocale(initial);
    return initial;
  });
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setApiLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const formatter = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    document.documentElement.lang = locale;
    return {
      locale,
      setLocale,
      t(key, params = {}) {
        return messages[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => (params[name] === undefined ? match : String(params[name])));
      },
      text: (text) => (text ? text[locale] : ''),
      statusName: (status) => statusNames[status]?.[locale] ?? status,
      milestoneName: (milestone) => milestoneNames[snakeCase(milestone)]?.[locale] ?? milestone,
      dateTime: (iso) => (iso ? formatter.format(new Date(iso)) : '—'),
      age(iso, now = Date.now()) {
        const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
        const days = Math.floor(minutes / 1440);
        const hours = Math.floor((minutes % 1440) / 60);
        const rest = minutes % 60;
        if (locale === 'ja') return days > 0 ? `${days}日${hours}時間` : hours > 0 ? `${hours}時間${rest}分` : `${rest}分`;
        return days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${rest}m` : `${rest}m`;
      },
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The UI's language and texts. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

import type { Locale, Text } from '../domain/playbook.ts';
import type { RoleWarning } from '../domain/roles.ts';

/** Warnings do not refuse a step; they tell the team something worth a second look. */
const warningMessages = {
  commander_triggered_incident: {
    ja: '指揮官は、この障害のきっかけとなった変更をした本人です。当事者は動揺しやすいため、別のメンバーに指揮官を任せることを検討してください。',
    en: 'The commander is the person whose change triggered this incident. People in that seat tend to be shaken; consider handing the commander role to someone else.',
  },
} satisfies Record<RoleWarning, Text>;

export function translateWarning(locale: Locale, code: RoleWarning): string {
  return warningMessages[code][locale];
}

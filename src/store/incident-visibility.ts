import { sql } from 'kysely';

/**
 * Whether the incident aliased `i` is one the user may see: public, or they are a member (admins
 * see every incident and skip this). For queries that select from `incidents as i`.
 */
export function incidentVisibleTo(userId: string) {
  return sql<boolean>`(i.is_private = false OR EXISTS (SELECT 1 FROM incident_members AS m WHERE m.incident_id = i.id AND m.user_id = ${userId}))`;
}

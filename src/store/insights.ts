import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { ActionStatus } from '../domain/incident.ts';
import type { ActionCount, HolderCount, IncidentFacts } from '../domain/metrics.ts';
import { decodeFactsList, refreshChangeSummaries } from './insight-summaries.ts';
import { incidentsIn, type InsightsQuery } from './insights-scope.ts';
import type { Database } from './schema.ts';

export type { InsightsQuery } from './insights-scope.ts';

/**
 * What an insights request reads (src/domain/metrics-figures.ts computes every figure from it):
 * the kept facts of the chosen incidents in one text, the role holders counted per person and the
 * actions counted per status in SQL — three rows' worth of work for the driver instead of one
 * row per incident, holder and action (docs/metrics.md, "Speed"). Every read applies the same
 * period, visibility and filters; stale facts are recomputed first.
 */

export interface InsightsFilters {
  /** The peak severity: the incident had this one and none of `above` (those more severe, the playbook's order). */
  severity?: { id: string; above: readonly string[] } | undefined;
  service?: string | undefined;
  platform?: string | undefined;
}

export interface FactsQuery extends InsightsQuery {
  filters: InsightsFilters;
  /** The workspace's date at the request (`YYYY-MM-DD`): actions due before it are past due. */
  today: string;
}

export interface InsightFacts {
  /** The chosen incidents in declaration order (then id). */
  incidents: IncidentFacts[];
  holders: HolderCount[];
  actions: ActionCount[];
}

/**
 * The facts, holders and actions of the incidents chosen. When some incidents of the period have no
 * current facts, those are recomputed and everything is read again (a change racing this request
 * may then show only in the next one).
 */
export async function fetchInsightFacts(db: Kysely<Database>, q: FactsQuery): Promise<InsightFacts> {
  const first = await readAll(db, q);
  if (first.stale.length === 0) return first;
  await refreshChangeSummaries(db, first.stale);
  return readAll(db, q);
}

async function readAll(db: Kysely<Database>, q: FactsQuery): Promise<InsightFacts & { stale: string[] }> {
  const [incidents, holders, actions] = await Promise.all([readFacts(db, q), readHolders(db, q), readActions(db, q)]);
  return {
    incidents: incidents?.facts ? decodeFactsList(incidents.facts) : [],
    stale: incidents?.stale ? incidents.stale.split(',') : [],
    holders: holders.map((h) => ({ role: h.role, userId: h.user_id, name: h.name, incidents: h.incidents })),
    actions: actions.map((a) => ({ status: a.status, count: a.count, pastDue: a.past_due })),
  };
}

/** The filters as conditions on `i` (the incident) and `s` (its summary). */
function filtersOf(f: InsightsFilters): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (f.severity) {
    conditions.push(sql<SqlBool>`s.severities ? ${f.severity.id}`);
    if (f.severity.above.length > 0) conditions.push(sql<SqlBool>`NOT (s.severities ?| ARRAY[${sql.join(f.severity.above)}]::text[])`);
  }
  if (f.service !== undefined) conditions.push(sql<SqlBool>`i.service = ${f.service}`);
  if (f.platform !== undefined) conditions.push(sql<SqlBool>`i.platforms ? ${f.platform}`);
  return conditions;
}

const all = (conditions: Expression<SqlBool>[]) => (conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`);

/**
 * One row: the chosen incidents' facts joined in declaration order, and the ids of the period's
 * incidents without current facts (whatever the filters: a stale summary's severities may be wrong).
 */
function readFacts(db: Kysely<Database>, q: FactsQuery) {
  return incidentsIn(db, q)
    .leftJoin('incident_change_summaries as s', 's.incident_id', 'i.id')
    .select([
      sql<string | null>`string_agg(s.facts, ',' ORDER BY floor(extract(epoch FROM i.declared_at) * 1000), i.id) FILTER (WHERE ${all(filtersOf(q.filters))})`.as('facts'),
      sql<string | null>`string_agg(i.id::text, ',') FILTER (WHERE s.facts IS NULL OR s.version <> i.version)`.as('stale'),
    ])
    .executeTakeFirst();
}

function chosen(db: Kysely<Database>, q: FactsQuery) {
  return incidentsIn(db, q)
    .innerJoin('incident_change_summaries as s', 's.incident_id', 'i.id')
    .where(all(filtersOf(q.filters)));
}

/**
 * Per role and person, the live chosen incidents in which they held the role, each once: the
 * distinct holdings first, then counted (a `count(DISTINCT …)` sorted all ~19,000 holder rows).
 */
function readHolders(db: Kysely<Database>, q: FactsQuery) {
  const holdings = chosen(db, q)
    .where('s.is_canceled', '=', false)
    .innerJoin('role_assignments as r', 'r.incident_id', 'i.id')
    .select(['r.incident_id', 'r.role', 'r.user_id'])
    .distinct();
  const counts = db
    .selectFrom(holdings.as('h'))
    .groupBy(['h.role', 'h.user_id'])
    .select(['h.role', 'h.user_id', sql<number>`count(*)::int`.as('incidents')]);
  return db
    .selectFrom(counts.as('c'))
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.role', 'c.user_id', 'u.name', 'c.incidents'])
    .execute();
}

/** The chosen incidents' actions per status, and those due before today. */
function readActions(db: Kysely<Database>, q: FactsQuery) {
  return chosen(db, q)
    .innerJoin('actions as a', 'a.incident_id', 'i.id')
    .groupBy('a.status')
    .select([
      sql<ActionStatus>`a.status`.as('status'),
      sql<number>`count(*)::int`.as('count'),
      sql<number>`(count(*) FILTER (WHERE a.due_date < ${q.today}::date))::int`.as('past_due'),
    ])
    .execute();
}

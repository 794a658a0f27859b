import { z } from 'zod';
import { INCIDENT_STATUSES } from '../../domain/incident.ts';

/** Request and response shapes of the incident routes; the OpenAPI document is built from them. */

const text = (max: number) => z.string().trim().max(max);
const userId = z.uuid();
const instant = z.iso.datetime({ offset: true });

export const incidentIdParams = z.strictObject({
  id: z.union([z.uuid(), z.string().regex(/^\d{1,9}$/)]).describe('Incident id (uuid) or number'),
});

export const declareIncidentBody = z.strictObject({
  title: text(200).min(1),
  summary: text(10_000).optional(),
  impact: text(10_000).optional(),
  severity: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .describe('A severity id of the playbook, e.g. SEV1'),
  platforms: z.array(z.string().min(1).max(40)).max(20).optional(),
  isPrivate: z.boolean().optional(),
  detectedAt: instant.optional(),
  impactStartedAt: instant.optional(),
  triggeredByUserId: userId.optional().describe('The person whose change triggered the incident'),
  commanderId: userId.optional(),
  investigatorId: userId.optional(),
  memberIds: z.array(userId).max(100).optional(),
});

export const updateIncidentBody = z.strictObject({
  title: text(200).min(1).optional(),
  summary: text(10_000).optional(),
  impact: text(10_000).optional(),
  isPrivate: z.boolean().optional(),
  platforms: z.array(z.string().min(1).max(40)).max(20).optional(),
  triggeredByUserId: userId.nullable().optional(),
  addMemberIds: z.array(userId).max(100).optional(),
});

export const listIncidentsQuery = z.strictObject({
  status: z.string().max(200).optional().describe('Comma-separated statuses, or `active`'),
  severity: z.string().max(200).optional().describe('Comma-separated severities'),
  q: z.string().trim().max(200).optional().describe('Text in the title'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const changeStatusBody = z.strictObject({
  status: z.enum(INCIDENT_STATUSES),
  note: text(5_000).optional(),
});

export const changeSeverityBody = z.strictObject({
  severity: z.string().min(1).max(40),
  note: text(5_000).optional(),
});

export const roleParams = z.strictObject({
  id: incidentIdParams.shape.id,
  role: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/),
});

export const assignRoleBody = z.strictObject({ userId });

export const timelineQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0).describe('Sequence number to continue after'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  type: z.string().max(500).optional().describe('Comma-separated event types'),
});

export const addNoteBody = z.strictObject({ text: text(10_000).min(1) });

export const recordReleaseBody = z.strictObject({
  platform: z.string().min(1).max(40),
  kind: z.enum(['fix', 'rollback']),
  note: text(5_000).optional(),
  appVersion: z.string().trim().min(1).max(60).optional(),
});

export const releaseParams = z.strictObject({ id: incidentIdParams.shape.id, releaseId: z.uuid() });

export const updateReleaseBody = z.strictObject({
  storeSubmittedAt: instant.optional(),
  storeApprovedAt: instant.optional(),
  forcedUpdateAt: instant.optional(),
});

export const correctMilestoneBody = z.strictObject({
  milestone: z.string().min(1).max(60),
  at: instant,
  reason: text(2_000).min(1),
});

export const proposeOptionsBody = z.strictObject({
  options: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z0-9_-]{1,40}$/),
        title: text(200).min(1),
        description: text(2_000).optional(),
      }),
    )
    .min(1)
    .max(10),
});

export const recordDecisionBody = z.strictObject({
  optionKey: z.string().max(40).optional(),
  decision: text(2_000).min(1),
  rationale: text(5_000).optional(),
});

export const taskParams = z.strictObject({ id: incidentIdParams.shape.id, taskId: z.uuid() });

const person = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  slackUserId: z.string().nullable(),
});

export const incidentResponse = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  summary: z.string(),
  impact: z.string(),
  severity: z.string().nullable(),
  status: z.enum(INCIDENT_STATUSES),
  platforms: z.array(z.string()),
  isPrivate: z.boolean(),
  roles: z.record(z.string(), person.nullable()),
  milestones: z.record(z.string(), z.string().nullable()),
  readyToResolveAt: z.string().nullable().describe('Set while monitoring once related alerts resolved and stayed quiet for the watch window (docs/alerts.md)'),
  triggeredByUserId: z.string().nullable(),
  cancelReason: z.string().nullable(),
  playbookVersionId: z.string(),
  version: z.number().int(),
  url: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const incidentDetailResponse = incidentResponse.extend({
  tasks: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      role: z.string(),
      status: z.string(),
      title: z.string(),
      blocks: z.string().nullable(),
      doneAt: z.string().nullable(),
    }),
  ),
  releases: z.array(
    z.object({
      id: z.string(),
      platform: z.string(),
      kind: z.enum(['fix', 'rollback']),
      note: z.string(),
      appVersion: z.string().nullable(),
      recordedAt: z.string(),
      storeSubmittedAt: z.string().nullable(),
      storeApprovedAt: z.string().nullable(),
      forcedUpdateAt: z.string().nullable(),
    }),
  ),
  decisions: z.array(z.object({ id: z.string(), kind: z.enum(['options', 'decision']), authorId: z.string().nullable(), authorName: z.string().nullable().describe('Who proposed or decided'), body: z.unknown(), createdAt: z.string() })),
  /** Role warnings (`commander_triggered_incident`) and side effects given up on (`delivery_failed`, with `topic`). */
  warnings: z.array(z.object({ code: z.string(), message: z.string(), topic: z.string().optional() })),
  /** The incident's dedicated Slack channel once created (null before, or without Slack). */
  slackChannel: z.object({ id: z.string(), name: z.string(), archived: z.boolean(), url: z.string() }).nullable(),
});

export const incidentListResponse = z.object({
  items: z.array(incidentResponse),
  nextCursor: z.string().nullable(),
});

const blockerResponse = z.object({
  code: z.string(),
  message: z.string(),
  who: z.array(z.string()),
});

export const nowViewResponse = z.object({
  incidentId: z.string(),
  number: z.number().int(),
  status: z.enum(INCIDENT_STATUSES),
  next: z.enum(INCIDENT_STATUSES).nullable(),
  severity: z.string().nullable(),
  readyToResolveAt: z.string().nullable(),
  roles: z.array(
    z.object({
      role: z.string(),
      name: z.string(),
      holder: person.nullable(),
      duty: z.string().nullable(),
      tasks: z.array(
        z.object({
          id: z.string(),
          key: z.string(),
          title: z.string(),
          status: z.string(),
          blocks: z.string().nullable(),
        }),
      ),
    }),
  ),
  blockers: z.array(blockerResponse),
  unassignedRoles: z.array(z.string()),
  /** Side effects given up on (`delivery_failed`: e.g. the Slack channel could not be made). */
  warnings: z.array(z.object({ code: z.string(), message: z.string(), topic: z.string().optional() })),
});

export const timelineResponse = z.object({
  items: z.array(
    z.object({
      seq: z.number().int(),
      id: z.string(),
      type: z.string(),
      actorId: z.string().nullable(),
      occurredAt: z.string(),
      recordedAt: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  nextCursor: z.number().int().nullable(),
});

export const suggestionsResponse = z.object({
  items: z.array(z.object({ user: person, lastServedAt: z.string().nullable() })),
});

export const idResponse = z.object({ id: z.string() });

import { z } from 'zod';
import { SECTION_BODY_MAX_CHARS } from '../../app/postmortem/update-sections.ts';
import { INCIDENT_STATUSES } from '../../domain/incident.ts';

/** Request and response shapes of the postmortem routes; the OpenAPI document is built from them. */

export { incidentIdParams as postmortemParams } from './incidents.schemas.ts';

export const updateSectionsBody = z.strictObject({
  sections: z
    .array(
      z.strictObject({
        key: z.string().min(1).max(60).describe('A section key of the playbook, e.g. root_cause'),
        body: z.string().max(SECTION_BODY_MAX_CHARS),
        revision: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe(
            'The revision the text was based on; a newer stored revision answers 409 with it',
          ),
      }),
    )
    .min(1)
    .max(100),
});

const sectionResponse = z.object({
  key: z.string(),
  title: z.string().describe('In the caller’s language'),
  prompt: z.string().describe('What to write, in the caller’s language'),
  required: z.boolean(),
  body: z.string(),
  revision: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

const impactResponse = z.object({
  usersAffected: z.number().int().optional(),
  durationMinutesOverride: z.number().int().optional(),
  revenueLost: z.number().optional(),
  currency: z.string().optional(),
  note: z.string().optional(),
  durationMinutes: z
    .number()
    .int()
    .nullable()
    .describe('The override if set, else impact start (or detection) to mitigation (or resolution)'),
  durationSource: z.enum(['override', 'milestones', 'unknown']),
});

export const updateImpactBody = z.strictObject({
  usersAffected: z.number().int().min(0).nullable().optional(),
  durationMinutesOverride: z.number().int().min(0).nullable().optional(),
  revenueLost: z.number().min(0).nullable().optional(),
  currency: z.string().nullable().optional().describe('ISO 4217, e.g. JPY; required with revenueLost'),
  note: z.string().max(2_000).nullable().optional(),
});

export const fiveWhysBody = z.strictObject({
  whys: z
    .array(z.strictObject({ why: z.string().max(1_000), answer: z.string().max(1_000) }))
    .max(10),
});

export const reviewBody = z.strictObject({
  reviewerIds: z.array(z.uuid()).min(1).max(10),
});

export const decisionBody = z.strictObject({
  comment: z.string().max(5_000).optional(),
});

export const commentBody = z.strictObject({
  body: z.string().max(5_000),
  section: z.string().min(1).max(60).optional(),
});

export const regenerateTimelineBody = z.strictObject({
  revision: z.number().int().min(0).describe('The timeline section revision the editor shows'),
});

export const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});

export const historyResponse = z.object({
  items: z.array(
    z.object({
      section: z.string().describe('A section key, or impact_figures / five_whys'),
      revision: z.number().int(),
      body: z.string(),
      editedBy: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
      editedAt: z.string(),
    }),
  ),
});

export const postmortemResponse = z.object({
  id: z.string(),
  incidentId: z.string(),
  incident: z.object({
    id: z.string(),
    number: z.number().int(),
    title: z.string(),
    severity: z.string().nullable(),
    status: z.enum(INCIDENT_STATUSES),
  }),
  status: z.enum(['draft', 'in_review', 'published']),
  form: z.enum(['full', 'short']),
  sections: z.array(sectionResponse),
  missingRequired: z.array(z.string()).describe('Keys of required sections still empty'),
  impact: impactResponse,
  fiveWhys: z.array(z.object({ why: z.string(), answer: z.string() })),
  reviewers: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      decision: z.enum(['pending', 'approved', 'changes_requested']),
      decidedAt: z.string().nullable(),
    }),
  ),
  comments: z.array(
    z.object({
      id: z.string(),
      section: z.string().nullable(),
      author: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
      body: z.string(),
      createdAt: z.string(),
    }),
  ),
  submittedAt: z.string().nullable().describe('When it was last sent for review'),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});

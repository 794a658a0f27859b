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
  status: z.enum(['draft', 'published']),
  form: z.enum(['full', 'short']),
  sections: z.array(sectionResponse),
  missingRequired: z.array(z.string()).describe('Keys of required sections still empty'),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});

import type { z } from 'zod';
import type {
  declareIncidentBody,
  incidentDetailResponse,
  incidentListResponse,
  incidentResponse,
  nowViewResponse,
} from '../http/incidents.schemas.ts';

/** The API's shapes, from the HTTP adapter's schemas (types only: the CLI ships no server code). */
export type IncidentJson = z.infer<typeof incidentResponse>;
export type IncidentDetailJson = z.infer<typeof incidentDetailResponse>;
export type IncidentListJson = z.infer<typeof incidentListResponse>;
export type NowViewJson = z.infer<typeof nowViewResponse>;
export type DeclareIncidentJson = z.input<typeof declareIncidentBody>;

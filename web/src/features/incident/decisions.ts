import type { Decision } from '../../api/types.ts';

/** One option the investigator proposed. */
export interface ProposedOption {
  key: string;
  title: string;
  description: string;
}

/** An entry of the decision log, its body read from the API's JSON. */
export type DecisionEntry =
  | {
      kind: 'options';
      id: string;
      authorName: string | null;
      createdAt: string;
      options: ProposedOption[];
    }
  | {
      kind: 'decision';
      id: string;
      authorName: string | null;
      createdAt: string;
      optionKey: string | null;
      decision: string;
      rationale: string | null;
    };

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Reads the decisions of an incident (bodies are JSON the API stored) into typed entries. */
export function readDecisions(decisions: readonly Decision[]): DecisionEntry[] {
  return decisions.map((d) => {
    const body = (d.body && typeof d.body === 'object' ? d.body : {}) as Record<string, unknown>;
    if (d.kind === 'options') {
      const options = Array.isArray(body['options']) ? (body['options'] as unknown[]) : [];
      return {
        kind: 'options',
        id: d.id,
        authorName: d.authorName,
        createdAt: d.createdAt,
        options: options.flatMap((o) => {
          const option = (o && typeof o === 'object' ? o : {}) as Record<string, unknown>;
          const key = str(option['key']);
          return key === null
            ? []
            : [
                {
                  key,
                  title: str(option['title']) ?? key,
                  description: str(option['description']) ?? '',
                },
              ];
        }),
      };
    }
    return {
      kind: 'decision',
      id: d.id,
      authorName: d.authorName,
      createdAt: d.createdAt,
      optionKey: str(body['optionKey']),
      decision: str(body['decision']) ?? '',
      rationale: str(body['rationale']),
    };
  });
}

/** A key for the n-th option (1-based) of the p-th proposal: unique across the incident's proposals. */
export function optionKey(proposal: number, option: number): string {
  return `p${proposal}-o${option}`;
}

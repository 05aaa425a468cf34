import type { ResultsFile } from '../claims/reporter.ts';
import { readJsonIfExists, reviveNonFinite } from '../engine/json.ts';
import { validate } from '../engine/validate.ts';

/** The fields of `reports/results.json` the report relies on (the rest is passed through). */
const resultsSchema = {
  type: 'object',
  required: ['format', 'generatedAt', 'profile', 'wallSeconds', 'provenance', 'counts', 'claims'],
  properties: {
    format: { const: 'catapult-results/1' },
    generatedAt: { type: 'string' },
    profile: { type: 'string' },
    wallSeconds: { type: 'number' },
    provenance: { type: 'object' },
    counts: { type: 'object' },
    claims: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'figure', 'statement', 'predicate', 'verdict', 'runs'],
        properties: {
          id: { type: 'string', minLength: 1 },
          figure: { type: 'string' },
          verdict: { enum: ['reproduced', 'not-reproduced'] },
          runs: {
            type: 'array',
            items: { type: 'object', required: ['label', 'key'] },
          },
        },
      },
    },
    errors: { type: 'array' },
    skipped: { type: 'array' },
    runs: { type: 'object' },
  },
} as const;

/**
 * Reads and checks a results file written by src/claims/reporter.ts; non-finite numbers
 * come back as numbers. Throws when the file is missing, with the command that writes it,
 * and names the field, the rule and the value when it does not match the format.
 */
export async function loadResults(path: string): Promise<ResultsFile> {
  let raw: unknown;
  try {
    raw = await readJsonIfExists(path);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${String(error)}`);
  }
  if (raw === undefined) {
    throw new Error(
      `${path} does not exist: run the claims first (npm run reproduce), then npm run report`,
    );
  }
  const results = reviveNonFinite<ResultsFile>(validate(resultsSchema, raw, 'results'));
  results.errors ??= [];
  results.runs ??= {};
  for (const c of results.claims) {
    for (const run of c.runs) {
      if (!(run.key in results.runs)) {
        throw new Error(
          `results: claim ${c.id} uses run ${run.key} (${run.label}), which is not under runs`,
        );
      }
    }
  }
  return results;
}

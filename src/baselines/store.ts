import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readJsonIfExists, reviveNonFinite, writeJsonAtomic } from '../engine/json.ts';
import { projectRoot } from '../engine/provenance.ts';
import { ConfigError, validate } from '../engine/validate.ts';
import type { MetricValue } from './compare.ts';
import type { Precision, QuantityKind } from './tolerances.ts';

export type Verdict = 'reproduced' | 'not-reproduced';
export type Profile = 'quick' | 'paper';

/** One stored metric: its value, what kind of quantity it is, and the tolerance with its reason. */
export interface BaselineMetric {
  value: MetricValue;
  precision: Precision;
  quantity: QuantityKind;
  tolerance: { absolute: number; relative: number };
  reason: string;
}

/** A claim's baseline: its verdict and its metrics, as last accepted by an explicit update. */
export interface Baseline {
  format: 'catapult-baseline/1';
  claim: string;
  profile: Profile;
  verdict: Verdict;
  metrics: Record<string, BaselineMetric>;
  recorded: { commit: string; dirty: boolean; date: string };
}

const metricValueSchema = {
  anyOf: [
    { type: ['number', 'boolean', 'string', 'null'] },
    { type: 'array', items: { type: ['number', 'string'] } },
  ],
};

export const baselineSchema = {
  type: 'object',
  required: ['format', 'claim', 'profile', 'verdict', 'metrics', 'recorded'],
  properties: {
    format: { const: 'catapult-baseline/1' },
    claim: { type: 'string', pattern: '^[a-z0-9-]+(/[a-z0-9.-]+)+$' },
    profile: { enum: ['quick', 'paper'] },
    verdict: { enum: ['reproduced', 'not-reproduced'] },
    metrics: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['value', 'precision', 'quantity', 'tolerance', 'reason'],
        properties: {
          value: metricValueSchema,
          precision: { enum: ['float64', 'float32'] },
          quantity: {
            enum: ['count', 'exact', 'deterministic', 'after-instability', 'fitted', 'integrated'],
          },
          tolerance: {
            type: 'object',
            required: ['absolute', 'relative'],
            properties: {
              absolute: { type: 'number', minimum: 0 },
              relative: { type: 'number', minimum: 0 },
            },
            additionalProperties: false,
          },
          reason: { type: 'string', minLength: 1 },
        },
        additionalProperties: false,
      },
    },
    recorded: {
      type: 'object',
      required: ['commit', 'dirty', 'date'],
      properties: {
        commit: { type: 'string' },
        dirty: { type: 'boolean' },
        date: { type: 'string' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** The baselines folder: $CATAPULT_BASELINES_DIR, or baselines/ in the repository. */
export function baselinesDirectory(): string {
  return process.env.CATAPULT_BASELINES_DIR ?? join(projectRoot, 'baselines');
}

/** baselines/<profile>/<claim id>.json */
export function baselinePath(claim: string, profile: Profile): string {
  return join(baselinesDirectory(), profile, `${claim}.json`);
}

/** Where a run that disagrees with its baseline leaves its values for review. */
export function actualPath(claim: string, profile: Profile): string {
  return join(baselinesDirectory(), profile, `${claim}.actual.json`);
}

/** Reads and validates a baseline; undefined when there is none. */
export async function readBaseline(claim: string, profile: Profile): Promise<Baseline | undefined> {
  const path = baselinePath(claim, profile);
  let raw: unknown;
  try {
    raw = await readJsonIfExists<unknown>(path);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ConfigError(`${relative(projectRoot, path)} is not valid JSON: ${error.message}`);
  }
  if (raw === undefined) return undefined;
  validate<Baseline>(baselineSchema, raw, relative(projectRoot, path));
  return reviveNonFinite<Baseline>(raw);
}

export async function writeBaseline(baseline: Baseline): Promise<void> {
  await writeJsonAtomic(baselinePath(baseline.claim, baseline.profile), baseline);
}

export async function writeActual(baseline: Baseline): Promise<string> {
  const path = actualPath(baseline.claim, baseline.profile);
  await writeJsonAtomic(path, baseline);
  return path;
}

export async function removeActual(claim: string, profile: Profile): Promise<void> {
  await rm(actualPath(claim, profile), { force: true });
}

/** Claim ids of every stored baseline of `profile`. */
export async function storedBaselineIds(profile: Profile): Promise<string[]> {
  const root = join(baselinesDirectory(), profile);
  let entries: string[];
  try {
    entries = (await readdir(root, { recursive: true })) as string[];
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.endsWith('.json') && !e.endsWith('.actual.json'))
    .map((e) => e.slice(0, -'.json'.length).split('\\').join('/'))
    .sort();
}

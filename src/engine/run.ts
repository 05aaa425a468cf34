import { join } from 'node:path';
import { hashOf, readJsonIfExists, reviveNonFinite, writeJsonAtomic } from './json.ts';
import { codeFingerprint, type Provenance, projectRoot, provenance } from './provenance.ts';
import { createStream, type RandomStream, type StreamName } from './random.ts';
import { ConfigError, validate } from './validate.ts';
import { warn } from './warnings.ts';

/** Where a parameter's value comes from (SPEC's tags, reduced to three). */
export type ProvenanceTag = 'paper' | 'derived' | 'reconstructed';

export interface ParameterNote {
  tag: ProvenanceTag;
  /** Where it comes from or why, for example "SPEC 10" or "BENCHMARKS pilot finding". */
  source: string;
}

/** What an experiment's run function receives besides its configuration. */
export interface RunContext {
  /** The named random stream of this run's master seed. */
  stream(name: StreamName): RandomStream;
  /** Training progress (steps done of the total), when the caller shows it; may be absent. */
  progress?: (stepsDone: number, totalSteps: number) => void;
}

/**
 * One experiment of the paper: a JSON Schema for its configuration, defaults, the
 * provenance of every parameter, and a function from configuration to a JSON result.
 */
export interface Experiment<C extends { seed: number }, R> {
  name: string;
  title: string;
  schema: object;
  defaults: C;
  /** Provenance of parameters by dotted path ("optimizer.momentum"); prefixes apply to children. */
  parameters: Record<string, ParameterNote>;
  run(config: C, context: RunContext): R | Promise<R>;
}

/** A stored run: the validated configuration, the result, and where it was computed. */
export interface RunRecord<C, R> {
  format: 'catapult-run/1';
  experiment: string;
  key: string;
  config: C;
  result: R;
  provenance: Provenance & { seed: number; wallSeconds: number; startedAt: string };
}

/** A configuration fragment: every field optional, at every depth. */
export type Overrides<T> = { [K in keyof T]?: T[K] extends object ? Overrides<T[K]> | T[K] : T[K] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  );
}

/**
 * `base` with `overrides` merged in: objects merge key by key, anything else replaces. An
 * object whose `kind` differs from the base's (another variant of a union such as a
 * schedule) replaces it whole, since the base's fields belong to the other variant.
 */
export function withOverrides<T>(base: T, overrides: Overrides<T> | undefined): T {
  if (overrides === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  if ('kind' in overrides && 'kind' in base && overrides.kind !== base.kind) return overrides as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[key] = withOverrides(merged[key], value as never);
  }
  return merged as T;
}

/** The folder of cached runs: $CATAPULT_CACHE_DIR, or .cache/runs in the repository. */
export function cacheDirectory(): string {
  return process.env.CATAPULT_CACHE_DIR ?? join(projectRoot, '.cache', 'runs');
}

/** The cache key of a configuration: its canonical JSON hashed with the code fingerprint. */
export function runKey(experiment: string, config: unknown): string {
  return hashOf({ experiment, config, code: codeFingerprint() }).slice(0, 32);
}

const recordSchema = {
  type: 'object',
  required: ['format', 'experiment', 'key', 'config', 'result', 'provenance'],
  properties: {
    format: { const: 'catapult-run/1' },
    experiment: { type: 'string' },
    key: { type: 'string' },
    config: { type: 'object' },
    result: { type: 'object' },
    provenance: { type: 'object' },
  },
} as const;

const inFlight = new Map<string, Promise<RunRecord<unknown, unknown>>>();

export interface RunOptions {
  /** Read and write the on-disk cache (default true). */
  cache?: boolean;
  /** Receives the experiment's training progress (the run itself stays silent). */
  onProgress?: (stepsDone: number, totalSteps: number) => void;
}

/**
 * Validates the configuration (defaults merged with `overrides`), then returns the cached
 * run with the same key or computes it and stores it atomically. Validation comes before
 * any cache access, so a bad configuration can neither read nor overwrite a stored run.
 */
export async function runExperiment<C extends { seed: number }, R>(
  experiment: Experiment<C, R>,
  overrides?: Overrides<C>,
  options: RunOptions = {},
): Promise<RunRecord<C, R>> {
  const config = validate<C>(experiment.schema, withOverrides(experiment.defaults, overrides));
  const key = runKey(experiment.name, config);
  const useCache = options.cache ?? true;
  const path = join(cacheDirectory(), experiment.name, `${key}.json`);

  const pending = inFlight.get(key);
  if (pending) return (await pending) as RunRecord<C, R>;
  const work = (async (): Promise<RunRecord<C, R>> => {
    if (useCache) {
      const stored = await loadRecord<C, R>(experiment, path);
      if (stored?.key === key) return stored;
    }
    const startedAt = new Date();
    const started = performance.now();
    const result = await experiment.run(config, {
      stream: (name) => createStream(config.seed, name),
      ...(options.onProgress ? { progress: options.onProgress } : {}),
    });
    const record: RunRecord<C, R> = {
      format: 'catapult-run/1',
      experiment: experiment.name,
      key,
      config,
      result,
      provenance: {
        ...(await provenance()),
        seed: config.seed,
        wallSeconds: (performance.now() - started) / 1000,
        startedAt: startedAt.toISOString(),
      },
    };
    if (useCache) await writeJsonAtomic(path, record);
    return record;
  })();
  inFlight.set(key, work as Promise<RunRecord<unknown, unknown>>);
  try {
    return await work;
  } finally {
    inFlight.delete(key);
  }
}

/**
 * The validated configuration and cache key of a run, with its stored record when the
 * cache holds one; computes nothing. Throws a ConfigError for a bad configuration.
 */
export async function lookupRun<C extends { seed: number }, R>(
  experiment: Experiment<C, R>,
  overrides?: Overrides<C>,
): Promise<{ config: C; key: string; cached: RunRecord<C, R> | undefined }> {
  const config = validate<C>(experiment.schema, withOverrides(experiment.defaults, overrides));
  const key = runKey(experiment.name, config);
  const stored = await loadRecord<C, R>(
    experiment,
    join(cacheDirectory(), experiment.name, `${key}.json`),
  );
  return { config, key, cached: stored?.key === key ? stored : undefined };
}

/** Reads a cached run, validating its envelope and configuration; undefined if unusable. */
async function loadRecord<C extends { seed: number }, R>(
  experiment: Experiment<C, R>,
  path: string,
): Promise<RunRecord<C, R> | undefined> {
  let raw: unknown;
  try {
    raw = await readJsonIfExists(path);
  } catch (error) {
    warn(
      'cache-unreadable',
      `cached run ${path} is not valid JSON (${String(error)}); recomputing`,
    );
    return undefined;
  }
  if (raw === undefined) return undefined;
  try {
    const record = validate<RunRecord<C, R>>(recordSchema, raw, 'record');
    validate<C>(experiment.schema, record.config, 'record.config');
    return reviveNonFinite<RunRecord<C, R>>(record);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    warn(
      'cache-invalid',
      `cached run ${path} does not match its schema (${error.message}); recomputing`,
    );
    return undefined;
  }
}

/**
 * Experiment files and the resolution of a run's configuration: the experiment's
 * defaults, then the file's `config`, then each `--set` in order, then `--seed`. Every
 * stage is validated with ajv against the experiment's own schema before anything runs,
 * and an error names the stage it came from.
 */
import { readFile } from 'node:fs/promises';
import { type Experiment, withOverrides } from '../engine/run.ts';
import { ConfigError, validate } from '../engine/validate.ts';
import { attributed, oneOf, UsageError } from './errors.ts';
import {
  checkParameter,
  type GridAxis,
  getParameter,
  gridValues,
  type ParameterTree,
  parameterTree,
  parseAssignment,
  parseValue,
  setParameter,
  unknownParameters,
} from './parameters.ts';

// biome-ignore lint/suspicious/noExplicitAny: experiments differ in configuration and result types
export type AnyExperiment = Experiment<any, any>;

/**
 * An experiment file: which experiment, a configuration fragment over its defaults, and
 * for sweeps a grid (dotted parameter → list of values, or a text such as
 * "logspace(-4,-1,13)").
 */
export interface ExperimentFile {
  experiment?: string;
  description?: string;
  config?: Record<string, unknown>;
  grid?: Record<string, unknown[] | string>;
}

export const experimentFileSchema = {
  type: 'object',
  properties: {
    experiment: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    config: { type: 'object' },
    grid: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'array', minItems: 1 },
          { type: 'string', minLength: 1 },
        ],
      },
    },
  },
  additionalProperties: false,
} as const;

/** Reads and validates an experiment file; every problem is a UsageError naming the file. */
export async function readExperimentFile(path: string): Promise<ExperimentFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read experiment file ${path}: ${code === 'ENOENT' ? 'no such file' : String(error)}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return validate<ExperimentFile>(experimentFileSchema, raw, path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const keys = Object.keys(experimentFileSchema.properties);
    throw new UsageError(
      `${error.problems.join('; ')} (an experiment file holds ${oneOf(keys)}; ` +
        'parameters go under "config")',
    );
  }
}

/** The experiment named on the command line or in the file; they must agree. */
export function pickExperiment(
  experiments: Record<string, AnyExperiment>,
  name: string | undefined,
  file: ExperimentFile | undefined,
  filePath: string | undefined,
): AnyExperiment {
  const chosen = name ?? file?.experiment;
  const known = Object.keys(experiments);
  if (chosen === undefined) {
    throw new UsageError(`name an experiment (${oneOf(known)}) or give --config with one`);
  }
  if (name !== undefined && file?.experiment !== undefined && file.experiment !== name) {
    throw new UsageError(
      `${filePath} is an experiment file for ${file.experiment}, not for ${name}`,
    );
  }
  const experiment = experiments[chosen];
  if (!experiment) {
    throw new UsageError(`unknown experiment "${chosen}"; known experiments: ${oneOf(known)}`);
  }
  return experiment;
}

/** What the command line says about one run's configuration. */
export interface ConfigSources {
  file?: ExperimentFile;
  filePath?: string;
  /** `key=value` texts, applied in order. */
  sets: readonly string[];
  seed?: string;
}

/** One parameter that differs from the experiment's default. */
export interface Change {
  path: string;
  value: unknown;
  default: unknown;
}

/** Throws for the first parameter of a fragment the experiment does not have. */
function checkFragment(tree: ParameterTree, fragment: unknown, name: string, source: string) {
  const [unknown] = unknownParameters(tree, fragment);
  if (unknown === undefined) return;
  try {
    checkParameter(tree, unknown, name);
  } catch (error) {
    throw new UsageError(`${source}: ${(error as Error).message}`);
  }
}

/**
 * The validated configuration of one run: defaults, then the file's `config`, then the
 * `--set`s, then `--seed`. Throws a UsageError naming the source of the first problem.
 */
export function resolveConfig(experiment: AnyExperiment, sources: ConfigSources): object {
  const tree = parameterTree(experiment.schema);
  let config: unknown = structuredClone(experiment.defaults);

  if (sources.file?.config !== undefined) {
    const source = sources.filePath ?? 'experiment file';
    checkFragment(tree, sources.file.config, experiment.name, source);
    config = withOverrides(config, sources.file.config);
    attributed(source, () => validate(experiment.schema, config));
  }

  for (const text of sources.sets) {
    const { path, text: valueText } = parseAssignment(text, '--set');
    checkParameter(tree, path, experiment.name);
    config = setParameter(config, path, parseValue(valueText, `--set ${path}`));
  }
  if (sources.sets.length > 0) attributed('--set', () => validate(experiment.schema, config));

  if (sources.seed !== undefined) {
    if (!/^\d+$/.test(sources.seed.trim())) {
      throw new UsageError(
        `--seed must be a non-negative integer, got ${JSON.stringify(sources.seed)}`,
      );
    }
    config = setParameter(config, 'seed', Number(sources.seed));
    attributed('--seed', () => validate(experiment.schema, config));
  }
  return config as object;
}

/** The leaf parameters whose values differ from the defaults. */
export function changesFromDefaults(experiment: AnyExperiment, config: object): Change[] {
  const tree = parameterTree(experiment.schema);
  const changes: Change[] = [];
  for (const [path, children] of tree) {
    if (path === '' || children.length > 0) continue;
    const value = getParameter(config, path);
    const fallback = getParameter(experiment.defaults, path);
    if (JSON.stringify(value) !== JSON.stringify(fallback)) {
      changes.push({ path, value, default: fallback });
    }
  }
  return changes;
}

/** Grid axes from `--grid key=values` texts and the file's grid (the command line wins). */
export function resolveGrid(
  experiment: AnyExperiment,
  texts: readonly string[],
  file: ExperimentFile | undefined,
  filePath: string | undefined,
): GridAxis[] {
  const tree = parameterTree(experiment.schema);
  const axes = new Map<string, unknown[]>();
  for (const [path, values] of Object.entries(file?.grid ?? {})) {
    const source = `${filePath}: grid`;
    try {
      checkParameter(tree, path, experiment.name);
    } catch (error) {
      throw new UsageError(`${source}: ${(error as Error).message}`);
    }
    axes.set(path, typeof values === 'string' ? gridValues(values, `${source} ${path}`) : values);
  }
  for (const text of texts) {
    const { path, text: valuesText } = parseAssignment(text, '--grid');
    checkParameter(tree, path, experiment.name);
    axes.set(path, gridValues(valuesText, `--grid ${path}`));
  }
  return [...axes].map(([path, values]) => ({ path, values }));
}

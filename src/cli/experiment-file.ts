/**
 * Experiment files and the resolution of a run's configuration: the experiment's
 * defaults, then the file's `config`, then each `--set` in order, then `--seed`. The
 * result is validated with ajv against the experiment's own schema before anything runs,
 * and each problem names the source it came from.
 */
import { readFile } from 'node:fs/promises';
import { type Experiment, withOverrides } from '../engine/run.ts';
import { ConfigError, validate } from '../engine/validate.ts';
import { oneOf, UsageError } from './errors.ts';
import {
  type AxisValues,
  axisValues,
  checkParameter,
  type GridAxis,
  getParameter,
  gridAxis,
  kindedObjects,
  kindProblems,
  type ParameterTree,
  parameterTree,
  parseAssignment,
  parseNumber,
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
    // Each axis is checked by gridFileProblems, which says what an axis may be.
    grid: { type: 'object' },
  },
  additionalProperties: false,
} as const;

/** The problems of a file's grid: each axis a non-empty list, or a non-empty grid text. */
function gridFileProblems(grid: Record<string, unknown>): string[] {
  return Object.entries(grid).flatMap(([path, values]) => {
    const field = `grid.${path}`;
    if (Array.isArray(values) || typeof values === 'string') {
      const empty = Array.isArray(values) ? values.length === 0 : values.trim() === '';
      return empty ? [`${field} must have at least 1 value, got ${JSON.stringify(values)}`] : [];
    }
    return [
      `${field} must be a list of values such as [0, 0.9] or a text such as ` +
        `"linspace(0,0.9,4)", got ${JSON.stringify(values)}`,
    ];
  });
}

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
  let problems: string[] = [];
  try {
    validate<ExperimentFile>(experimentFileSchema, raw, '');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Field names come as ".grid"; problems of the whole file as " has an unknown field".
    problems = error.problems.map((p) => (p.startsWith('.') ? p.slice(1) : `the file${p}`));
  }
  const grid = (raw as ExperimentFile | null)?.grid;
  if (problems.length === 0 && grid !== undefined) problems = gridFileProblems(grid);
  if (problems.length === 0) return raw as ExperimentFile;
  const keys = Object.keys(experimentFileSchema.properties);
  throw new UsageError(
    `${path}: ${problems.join('; ')} (an experiment file holds ${oneOf(keys)}; ` +
      'parameters go under "config")',
  );
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
 * Every problem of a whole configuration, one sentence each: fields given to the wrong
 * kind of a kinded object (named with the kinds that take them), then the schema's.
 */
export function configProblems(experiment: AnyExperiment, config: unknown): string[] {
  const kinds = kindProblems(kindedObjects(experiment.schema), config, experiment.name);
  let schema: string[] = [];
  try {
    validate(experiment.schema, config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    schema = error.problems;
  }
  const explained = (p: string) =>
    kinds.fields.some((field) => {
      const at = field.lastIndexOf('.');
      const parent = at < 0 ? 'config' : `config.${field.slice(0, at)}`;
      return p === `${parent} has an unknown field "${field.slice(at + 1)}"`;
    });
  return [...kinds.problems, ...schema.filter((p) => !explained(p))];
}

/** Throws a UsageError with every problem of `config`, prefixed by `source`. */
export function checkConfig(experiment: AnyExperiment, config: unknown, source: string): void {
  const problems = configProblems(experiment, config);
  if (problems.length > 0) throw new UsageError(`${source}: ${problems.join('; ')}`);
}

/**
 * The validated configuration of one run: defaults, then the file's `config`, then the
 * `--set`s, then `--seed`. Only the result is validated (a later source may repair an
 * earlier one); each problem is put down to the first source whose configuration has it.
 */
export function resolveConfig(experiment: AnyExperiment, sources: ConfigSources): object {
  const tree = parameterTree(experiment.schema);
  const stages: { source: string; config: unknown }[] = [];
  let config: unknown = structuredClone(experiment.defaults);

  if (sources.file?.config !== undefined) {
    const source = sources.filePath ?? 'experiment file';
    checkFragment(tree, sources.file.config, experiment.name, source);
    config = withOverrides(config, sources.file.config);
    stages.push({ source, config });
  }

  for (const text of sources.sets) {
    const { path, text: valueText } = parseAssignment(text, '--set');
    checkParameter(tree, path, experiment.name);
    config = setParameter(config, path, parseValue(valueText, `--set ${path}`));
  }
  if (sources.sets.length > 0) stages.push({ source: '--set', config });

  if (sources.seed !== undefined) {
    if (!/^\d+$/.test(sources.seed.trim())) {
      throw new UsageError(
        `--seed must be a non-negative integer, got ${JSON.stringify(sources.seed)}`,
      );
    }
    config = setParameter(config, 'seed', parseNumber(sources.seed.trim(), '--seed'));
    stages.push({ source: '--seed', config });
  }

  const problems = configProblems(experiment, config);
  if (problems.length === 0) return config as object;
  const bySource = new Map<string, string[]>();
  const earlier = stages.map((stage) => new Set(configProblems(experiment, stage.config)));
  for (const problem of problems) {
    const at = earlier.findIndex((found) => found.has(problem));
    const source = at < 0 ? 'config' : stages[at]!.source;
    bySource.set(source, [...(bySource.get(source) ?? []), problem]);
  }
  throw new UsageError(
    [...bySource].map(([source, list]) => `${source}: ${list.join('; ')}`).join('; '),
  );
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

/**
 * Grid axes from the file's grid and `--grid key=values` texts (the command line wins over
 * the file; an axis given twice on the command line is an error). The number of cells is
 * checked against `maxCells` before any axis's values are made.
 */
export function resolveGrid(
  experiment: AnyExperiment,
  texts: readonly string[],
  file: ExperimentFile | undefined,
  filePath: string | undefined,
  maxCells = Number.POSITIVE_INFINITY,
): GridAxis[] {
  const tree = parameterTree(experiment.schema);
  const axes = new Map<string, AxisValues>();
  for (const [path, values] of Object.entries(file?.grid ?? {})) {
    const source = `${filePath}: grid`;
    try {
      checkParameter(tree, path, experiment.name);
    } catch (error) {
      throw new UsageError(`${source}: ${(error as Error).message}`);
    }
    const axis: AxisValues =
      typeof values === 'string'
        ? gridAxis(values, `${source} ${path}`)
        : { count: values.length, at: (i) => values[i] };
    axes.set(path, axis);
  }
  const given = new Set<string>();
  for (const text of texts) {
    const { path, text: valuesText } = parseAssignment(text, '--grid');
    checkParameter(tree, path, experiment.name);
    if (given.has(path)) {
      throw new UsageError(
        `--grid ${path} is given twice; give each axis once with all its values ` +
          `(for example --grid ${path}=0.1,0.2)`,
      );
    }
    given.add(path);
    axes.set(path, gridAxis(valuesText, `--grid ${path}`));
  }
  const cells = [...axes.values()].reduce((n, axis) => n * axis.count, 1);
  if (axes.size > 0 && cells > maxCells) {
    throw new UsageError(
      `grid has ${cells} cells, more than --max-cells ${maxCells}; ` +
        'give fewer values or raise --max-cells',
    );
  }
  return [...axes].map(([path, axis]) => ({ path, values: axisValues(axis) }));
}

/**
 * Parameters of an experiment as the command line names them: dotted paths into its
 * configuration ("optimizer.learningRate"), read off the experiment's JSON Schema, with
 * values parsed from `key=value` text and grids of values for sweeps.
 */
import { oneOf, UsageError } from './errors.ts';

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every parameter path of a schema ('' is the root) with the names of its children. */
export type ParameterTree = Map<string, string[]>;

/**
 * The parameter tree of a JSON Schema: object properties at any depth, and the union of
 * the properties of every branch of a `oneOf`/`anyOf`/`allOf` (a schedule's kinds).
 *
 * @example
 * parameterTree({ properties: { a: { properties: { b: {} } } } }).get('a'); // ['b']
 */
export function parameterTree(schema: object): ParameterTree {
  const tree: ParameterTree = new Map();
  const visit = (node: unknown, path: string) => {
    if (!isPlainObject(node)) return;
    const children = tree.get(path) ?? [];
    tree.set(path, children);
    const branches = ['oneOf', 'anyOf', 'allOf'].flatMap((k) =>
      Array.isArray(node[k]) ? (node[k] as unknown[]) : [],
    );
    for (const branch of branches) visit(branch, path);
    if (!isPlainObject(node.properties)) return;
    for (const [name, child] of Object.entries(node.properties)) {
      if (!children.includes(name)) children.push(name);
      visit(child, path ? `${path}.${name}` : name);
    }
  };
  visit(schema, '');
  return tree;
}

/** An object of the configuration that comes in kinds (a schedule): its tag and each kind. */
export interface KindedObject {
  /** The field that names the kind ("kind"). */
  tag: string;
  /** Each kind's value with the fields it takes (the tag excluded) and which are required. */
  kinds: { kind: string; fields: string[]; required: string[] }[];
}

/**
 * The objects of a schema that come in kinds: a `oneOf` under a `discriminator`, each
 * branch fixing the tag with a `const` (src/engine/schedule.ts). Keyed by dotted path.
 *
 * @example
 * kindedObjects(toyExperiment.schema).get('schedule')?.kinds[0]; // { kind: 'constant', … }
 */
export function kindedObjects(schema: object): Map<string, KindedObject> {
  const found = new Map<string, KindedObject>();
  const visit = (node: unknown, path: string) => {
    if (!isPlainObject(node)) return;
    const tag = isPlainObject(node.discriminator) ? node.discriminator.propertyName : undefined;
    if (typeof tag === 'string' && Array.isArray(node.oneOf)) {
      const kinds = node.oneOf.filter(isPlainObject).flatMap((branch) => {
        const properties = isPlainObject(branch.properties) ? branch.properties : {};
        const value = isPlainObject(properties[tag]) ? properties[tag].const : undefined;
        if (typeof value !== 'string') return [];
        const required = Array.isArray(branch.required) ? (branch.required as string[]) : [];
        const fields = Object.keys(properties).filter((f) => f !== tag);
        return [{ kind: value, fields, required: required.filter((f) => f !== tag) }];
      });
      found.set(path, { tag, kinds });
    }
    if (!isPlainObject(node.properties)) return;
    for (const [name, child] of Object.entries(node.properties)) {
      visit(child, path ? `${path}.${name}` : name);
    }
  };
  visit(schema, '');
  return found;
}

/**
 * Fields set on an object of the wrong kind (`schedule.firstSteps` on a linear warmup),
 * one sentence each naming the kinds that take the field; `fields` lists their paths.
 */
export function kindProblems(
  kinded: Map<string, KindedObject>,
  config: unknown,
  experiment: string,
): { problems: string[]; fields: string[] } {
  const problems: string[] = [];
  const fields: string[] = [];
  for (const [path, { tag, kinds }] of kinded) {
    const object = getParameter(config, path);
    if (!isPlainObject(object)) continue;
    const current = kinds.find((k) => k.kind === object[tag]);
    if (!current) continue;
    for (const field of Object.keys(object)) {
      if (field === tag || current.fields.includes(field)) continue;
      const owners = kinds.filter((k) => k.fields.includes(field)).map((k) => k.kind);
      if (owners.length === 0) continue;
      const at = path ? `${path}.` : '';
      fields.push(`${at}${field}`);
      problems.push(
        `config.${at}${field} is a field of ${at}${tag} ${oneOf(owners)}, not of ` +
          `${String(object[tag])} (the ${tag} in force); set ${at}${tag}=${owners[0]} before ` +
          `it (catapult list ${experiment} shows the fields of each ${tag})`,
      );
    }
  }
  return { problems, fields };
}

/** The leaf parameters (those without children), in schema order. */
export function leafParameters(tree: ParameterTree): string[] {
  return [...tree.entries()].filter(([p, c]) => p !== '' && c.length === 0).map(([p]) => p);
}

/**
 * Throws a UsageError unless `path` is a parameter of the experiment; the message names
 * what the nearest known parent accepts.
 */
export function checkParameter(tree: ParameterTree, path: string, experiment: string): void {
  if (tree.has(path) && path !== '') return;
  const parts = path.split('.');
  let parent = '';
  for (let i = 0; i < parts.length - 1; i++) {
    const next = parent ? `${parent}.${parts[i]}` : parts[i]!;
    if (!tree.has(next)) break;
    parent = next;
  }
  const children = tree.get(parent) ?? [];
  const where = parent ? `${parent} accepts` : 'accepted';
  const accepted =
    children.length === 0 ? `${parent} is a single value with no parameters below it` : '';
  throw new UsageError(
    `unknown parameter "${path}" of experiment ${experiment}; ` +
      (accepted || `${where}: ${oneOf(children)}`) +
      ` (catapult list ${experiment} shows every parameter)`,
  );
}

/** Paths in a configuration fragment that the tree does not know, depth first. */
export function unknownParameters(tree: ParameterTree, fragment: unknown, path = ''): string[] {
  if (!isPlainObject(fragment)) return [];
  const children = tree.get(path);
  if (children === undefined || children.length === 0) return [];
  return Object.entries(fragment).flatMap(([name, value]) => {
    const child = path ? `${path}.${name}` : name;
    return tree.has(child) ? unknownParameters(tree, value, child) : [child];
  });
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The number a decimal text stands for; a UsageError when a double cannot hold it, that
 * is when it overflows to ±Infinity or a non-zero text underflows to 0.
 *
 * @example
 * parseNumber('2.5e-3'); // 0.0025
 * parseNumber('1e-400'); // throws: 1e-400 is not representable …
 */
export function parseNumber(text: string, what = 'value'): number {
  const value = Number(text);
  const nonZero = /[1-9]/.test(text.split(/e/i)[0]!);
  if (!Number.isFinite(value) || (value === 0 && nonZero)) {
    const becomes = Number.isFinite(value) ? '0' : String(value);
    throw new UsageError(
      `${what}: ${text} is not representable as a double (it would become ${becomes})`,
    );
  }
  return value;
}

/**
 * A command-line value: a number when it reads as one, JSON when it starts with `{`, `[`
 * or `"` or is true, false or null, and the text itself otherwise (the schema then says
 * whether a string is allowed).
 *
 * @example
 * parseValue('1e-3'); // 0.001
 * parseValue('x2-over-2y'); // "x2-over-2y"
 */
export function parseValue(text: string, what = 'value'): unknown {
  const trimmed = text.trim();
  if (numberPattern.test(trimmed)) return parseNumber(trimmed, what);
  if (['true', 'false', 'null'].includes(trimmed)) return JSON.parse(trimmed);
  if (/^[[{"]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch (error) {
      throw new UsageError(
        `${what} ${JSON.stringify(text)} is not valid JSON (${(error as Error).message})`,
      );
    }
  }
  return text;
}

/** Splits `key=value`; the option name goes into the error message. */
export function parseAssignment(text: string, option: string): { path: string; text: string } {
  const at = text.indexOf('=');
  const path = at > 0 ? text.slice(0, at).trim() : '';
  if (at < 0 || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path)) {
    throw new UsageError(
      `${option} expects key=value with a dotted parameter name ` +
        `(for example optimizer.learningRate=5), got ${JSON.stringify(text)}`,
    );
  }
  return { path, text: text.slice(at + 1) };
}

/**
 * A copy of `config` with the value at the dotted `path` replaced. Setting a `kind` to a
 * new value starts that object afresh as `{ kind }`, so `schedule.kind=constant` drops
 * the warmup fields and later `--set`s fill the new kind's fields.
 */
export function setParameter(config: unknown, path: string, value: unknown): unknown {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const object = isPlainObject(config) ? config : {};
  if (rest.length === 0) {
    if (head === 'kind' && object.kind !== value) return { kind: value };
    return { ...object, [head]: value };
  }
  return { ...object, [head]: setParameter(object[head], rest.join('.'), value) };
}

/** The value at a dotted path, or undefined. */
export function getParameter(config: unknown, path: string): unknown {
  let value = config;
  for (const part of path.split('.')) value = isPlainObject(value) ? value[part] : undefined;
  return value;
}

/** What a grid text may be, for messages and --help. */
export const gridHelp =
  'a comma-separated list (1,2,5), linspace(a,b,n) (n values from a to b, both included), ' +
  'logspace(a,b,n) (10^a … 10^b), or range(a,b) (the integers a, a+1, …, b−1; b excluded)';

/** The values of one grid axis before they are made: how many there are, and the i-th. */
export interface AxisValues {
  count: number;
  at(index: number): unknown;
}

/**
 * One grid axis from command-line text without making its values, so that the size of a
 * grid is known (and checked) before any memory goes to it: `1,2,5`, `linspace(1,10,4)`,
 * `logspace(-4,-1,13)` (powers of ten) or `range(0,5)` (0 … 4).
 *
 * @example
 * gridAxis('linspace(1,2,1e9)').count; // 1000000000
 * gridAxis('linspace(1,2,3)').at(1); // 1.5
 */
export function gridAxis(text: string, what = 'grid value'): AxisValues {
  const call = /^\s*(linspace|logspace|range)\((.*)\)\s*$/.exec(text);
  if (!call) {
    if (text.trim() === '') throw new UsageError(`${what} is empty; give ${gridHelp}`);
    const values = text.split(',').map((part) => parseValue(part, what));
    return { count: values.length, at: (i) => values[i] };
  }
  const [, name, inside] = call as unknown as [string, string, string];
  const args = inside.split(',').map((part) => part.trim());
  const arity = name === 'range' ? 2 : 3;
  if (args.length !== arity || args.some((a) => !numberPattern.test(a))) {
    throw new UsageError(`${what} ${JSON.stringify(text)} is malformed; give ${gridHelp}`);
  }
  const numbers = args.map((a) => parseNumber(a, `${what} ${text}`));
  if (name === 'range') {
    const [from, to] = numbers as [number, number];
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to <= from) {
      throw new UsageError(`${what} ${JSON.stringify(text)}: range needs integers a < b`);
    }
    return { count: to - from, at: (i) => from + i };
  }
  const [from, to, count] = numbers as [number, number, number];
  if (!Number.isInteger(count) || count < 1) {
    throw new UsageError(`${what} ${JSON.stringify(text)}: n must be an integer ≥ 1`);
  }
  // Evenly spaced from `from` to `to`, the last value exactly `to`.
  const spaced = (i: number) =>
    count === 1 ? from : i === count - 1 ? to : from + ((to - from) * i) / (count - 1);
  // 10 ** -4 is 0.00009999999999999999 in V8; an integer exponent is parsed as 1e-4 instead.
  const power = (x: number) => (Number.isInteger(x) ? Number(`1e${x}`) : 10 ** x);
  return { count, at: name === 'logspace' ? (i) => power(spaced(i)) : spaced };
}

/** Every value of a grid axis (check its count first: see {@link gridAxis}). */
export function axisValues(axis: AxisValues): unknown[] {
  return Array.from({ length: axis.count }, (_, i) => axis.at(i));
}

/**
 * The values of one grid axis from command-line text (see {@link gridAxis}).
 *
 * @example
 * gridValues('logspace(-2,0,3)'); // [0.01, 0.1, 1]
 */
export function gridValues(text: string, what = 'grid value'): unknown[] {
  return axisValues(gridAxis(text, what));
}

/** One axis of a sweep: a parameter and the values it takes. */
export interface GridAxis {
  path: string;
  values: unknown[];
}

/**
 * The cells of a grid, the first axis varying slowest.
 *
 * @example
 * gridCells([{ path: 'a', values: [1, 2] }, { path: 'b', values: [3] }]);
 * // [{ a: 1, b: 3 }, { a: 2, b: 3 }]
 */
export function gridCells(axes: readonly GridAxis[]): Record<string, unknown>[] {
  let cells: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    cells = cells.flatMap((cell) => axis.values.map((value) => ({ ...cell, [axis.path]: value })));
  }
  return cells;
}

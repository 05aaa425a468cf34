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
  if (numberPattern.test(trimmed)) return Number(trimmed);
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

/** Evenly spaced numbers from `from` to `to` inclusive (`count` of them). */
function spaced(from: number, to: number, count: number): number[] {
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? to : from + ((to - from) * i) / (count - 1),
  );
}

const gridHelp =
  'a comma-separated list (1,2,5), linspace(a,b,n), logspace(a,b,n) for 10^a … 10^b, ' +
  'or range(a,b) for the integers a … b−1';

/**
 * The values of one grid axis from command-line text: `1,2,5`, `linspace(1,10,4)`,
 * `logspace(-4,-1,13)` (powers of ten) or `range(0,5)`.
 *
 * @example
 * gridValues('logspace(-2,0,3)'); // [0.01, 0.1, 1]
 */
export function gridValues(text: string, what = 'grid value'): unknown[] {
  const call = /^\s*(linspace|logspace|range)\((.*)\)\s*$/.exec(text);
  if (!call) {
    if (text.trim() === '') throw new UsageError(`${what} is empty; give ${gridHelp}`);
    return text.split(',').map((part) => parseValue(part, what));
  }
  const [, name, inside] = call as unknown as [string, string, string];
  const args = inside.split(',').map((part) => part.trim());
  const numbers = args.map(Number);
  const arity = name === 'range' ? 2 : 3;
  if (args.length !== arity || numbers.some((x) => !Number.isFinite(x) || args.includes(''))) {
    throw new UsageError(`${what} ${JSON.stringify(text)} is malformed; give ${gridHelp}`);
  }
  if (name === 'range') {
    const [from, to] = numbers as [number, number];
    if (!Number.isInteger(from) || !Number.isInteger(to) || to <= from) {
      throw new UsageError(`${what} ${JSON.stringify(text)}: range needs integers a < b`);
    }
    return Array.from({ length: to - from }, (_, i) => from + i);
  }
  const [from, to, count] = numbers as [number, number, number];
  if (!Number.isInteger(count) || count < 1) {
    throw new UsageError(`${what} ${JSON.stringify(text)}: n must be an integer ≥ 1`);
  }
  const values = spaced(from, to, count);
  // 10 ** -4 is 0.00009999999999999999 in V8; an integer exponent is parsed as 1e-4 instead.
  const power = (x: number) => (Number.isInteger(x) ? Number(`1e${x}`) : 10 ** x);
  return name === 'logspace' ? values.map(power) : values;
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

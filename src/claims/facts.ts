import { strideIndices } from './traces.ts';

/** A scalar a run's result holds: a number, a flag or a short label. */
export type Fact = number | string | boolean | null;

/** Keys whose contents are per-step data or event lists, never scalars for the report. */
const skippedKeys = new Set(['events', 'sharpness', 'coordinates', 'loss', 'learningRate']);

/** The longest string a fact keeps; longer labels are cut with an ellipsis. */
const maxFactLength = 200;

/** The most facts one run keeps. */
const maxFacts = 60;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Visit = (value: unknown, path: string, depth: number) => void;

/**
 * Calls `visit` on the fields of an object within the first two levels of a result, in key
 * order, by dotted path; `skip` leaves out the top-level keys of per-step data.
 */
function visitFields(value: unknown, path: string, depth: number, visit: Visit, skip: boolean) {
  if (!isPlainObject(value) || depth >= 2) return;
  for (const key of Object.keys(value).sort()) {
    if (skip && depth === 0 && skippedKeys.has(key)) continue;
    visit(value[key], path ? `${path}.${key}` : key, depth + 1);
  }
}

/**
 * The scalar fields of a run's result, at most two levels deep, by dotted path: the numbers
 * a sweep is drawn from (for example `testLoss`, `final.sharpnessOverMss`) and labels such
 * as a tfjs `backend`. Arrays and per-step data are left out.
 *
 * @example
 * runFacts({ testLoss: 0.02, final: { loss: 1e-9 }, loss: [1, 2] });
 * // { testLoss: 0.02, 'final.loss': 1e-9 }
 */
export function runFacts(result: unknown): Record<string, Fact> {
  const facts: Record<string, Fact> = {};
  const visit = (value: unknown, path: string, depth: number) => {
    if (Object.keys(facts).length >= maxFacts) return;
    if (typeof value === 'string') {
      facts[path] = value.length > maxFactLength ? `${value.slice(0, maxFactLength - 1)}…` : value;
    } else if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
      facts[path] = value;
    } else {
      visitFields(value, path, depth, visit, true);
    }
  };
  visit(result, '', 0);
  return facts;
}

function isNumberArray(value: unknown): value is number[] {
  return (
    (Array.isArray(value) || ArrayBuffer.isView(value)) &&
    (value as ArrayLike<unknown>).length >= 2 &&
    typeof (value as ArrayLike<unknown>)[0] === 'number'
  );
}

/**
 * The numeric arrays of a result that is not a training record (an ODE solution, a
 * recurrence), by dotted path (`orbits[0].X` for a list of objects), at most two levels
 * deep, each thinned to every k-th point plus the last. Arrays of equal length are thinned
 * at the same indices, so that pairs such as (X(τ), Y(τ)) stay pairs.
 *
 * @example
 * runSeries({ tau: [0, 1, 2], X: [1, 0.5, 0.2] }); // { tau: [0, 1, 2], X: [1, 0.5, 0.2] }
 */
export function runSeries(result: unknown): Record<string, number[]> {
  const series: Record<string, number[]> = {};
  const visit = (value: unknown, path: string, depth: number) => {
    if (isNumberArray(value)) {
      const picked = strideIndices(value.length);
      series[path] = picked.map((i) => value[i]!);
    } else if (Array.isArray(value) && value.length <= 50 && value.every(isPlainObject)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`, depth);
    } else {
      visitFields(value, path, depth, visit, false);
    }
  };
  visit(result, '', 0);
  return series;
}

/** A catapult as the report marks it: its window and the step of its loss peak. */
export interface CatapultMark {
  start: number;
  end: number;
  peakStep: number;
  sharpnessDrop: number;
}

/** The catapults of a training record (src/engine/events.ts), or undefined without events. */
export function runCatapults(result: unknown): CatapultMark[] | undefined {
  const catapults = (result as { events?: { catapults?: unknown } } | null)?.events?.catapults;
  if (!Array.isArray(catapults)) return undefined;
  return catapults.map((c: CatapultMark) => ({
    start: c.start,
    end: c.end,
    peakStep: c.peakStep,
    sharpnessDrop: c.sharpnessDrop,
  }));
}

/** The most rows a stored table keeps. */
const maxTableRows = 5000;

function isScalarRecord(value: unknown): value is Record<string, Fact> {
  return (
    isPlainObject(value) &&
    Object.values(value).every(
      (v) => v === null || ['number', 'string', 'boolean'].includes(typeof v),
    )
  );
}

/**
 * The lists of flat records in a result (for example the cells of a sweep, one record per
 * (α, η, β) with its test error), by dotted path, at most two levels deep. Event lists of a
 * training record are left out; lists longer than 5000 records are cut.
 *
 * @example
 * runTables({ cells: [{ alpha: 1, testMse: 0.2 }] }); // { cells: [{ alpha: 1, testMse: 0.2 }] }
 */
export function runTables(result: unknown): Record<string, Record<string, Fact>[]> {
  const tables: Record<string, Record<string, Fact>[]> = {};
  const visit = (value: unknown, path: string, depth: number) => {
    if (Array.isArray(value) && value.length > 0 && value.every(isScalarRecord)) {
      tables[path] = value.slice(0, maxTableRows);
    } else {
      visitFields(value, path, depth, visit, true);
    }
  };
  visit(result, '', 0);
  return tables;
}

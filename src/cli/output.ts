/** What the command writes: CSV tables of a run's traces (the folder: output-folder.ts). */
import type { TrainingRecord } from '../engine/record.ts';

/**
 * One CSV cell: numbers in full (shortest round-trip form), NaN and ±Infinity spelled
 * out, null and undefined empty, text quoted when it holds a comma, quote or line break.
 *
 * @example
 * csvCell(0.1); // "0.1"
 * csvCell('a,b'); // "\"a,b\""
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV table with a header row; every row must have one cell per column. */
export function csvTable(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** Whether a run's result is a training record (loss per step, sharpness samples, events). */
export function isTrainingRecord(result: unknown): result is TrainingRecord {
  const r = result as Partial<TrainingRecord> | null;
  return (
    Array.isArray(r?.loss) && typeof r?.sharpness === 'object' && typeof r?.events === 'object'
  );
}

/** A training record's traces as CSV files: per step, per sharpness sample, per catapult. */
export function trainingCsv(record: TrainingRecord): Record<string, string> {
  const names = Object.keys(record.coordinates);
  const steps = record.loss.map((loss, t) => [
    t,
    loss,
    record.learningRate[t],
    ...names.map((n) => record.coordinates[n]![t]),
  ]);
  const s = record.sharpness;
  const samples = s.step.map((step, k) => [
    step,
    s.value[k],
    s.mss[k],
    s.value[k]! / s.mss[k]!,
    s.residual[k],
    s.iterations[k],
  ]);
  const catapultColumns = [
    'start',
    'end',
    'peakStep',
    'peakLoss',
    'sharpnessBefore',
    'sharpnessAfter',
    'sharpnessDrop',
  ] as const;
  return {
    'steps.csv': csvTable(['step', 'loss', 'learningRate', ...names], steps),
    'sharpness.csv': csvTable(
      ['step', 'sharpness', 'mss', 'sharpnessOverMss', 'residual', 'iterations'],
      samples,
    ),
    'catapults.csv': csvTable(
      catapultColumns,
      record.events.catapults.map((c) => catapultColumns.map((k) => c[k])),
    ),
  };
}

/** Numeric arrays of a result at most two levels deep, by dotted path. */
function numericArrays(result: unknown): Map<string, number[]> {
  const found = new Map<string, number[]>();
  const visit = (value: unknown, path: string, depth: number) => {
    if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number')) {
      found.set(path, value);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && depth < 2) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, path ? `${path}.${key}` : key, depth + 1);
      }
    }
  };
  visit(result, '', 0);
  return found;
}

/**
 * The traces of a result that is not a training record: its numeric arrays, one CSV per
 * common length with an index column (`traces.csv` when there is only one length).
 */
export function genericCsv(result: unknown): Record<string, string> {
  const byLength = new Map<number, [string, number[]][]>();
  // Sorted, so that a fresh result and its cached copy (stored with sorted keys) agree.
  const arrays = [...numericArrays(result)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [path, values] of arrays) {
    const group = byLength.get(values.length) ?? [];
    group.push([path, values]);
    byLength.set(values.length, group);
  }
  const files: Record<string, string> = {};
  for (const [length, group] of byLength) {
    const name =
      byLength.size === 1 ? 'traces.csv' : `traces-${group[0]![0].replace(/\W+/g, '-')}.csv`;
    const rows = Array.from({ length }, (_, i) => [i, ...group.map(([, v]) => v[i])]);
    files[name] = csvTable(['index', ...group.map(([path]) => path)], rows);
  }
  return files;
}

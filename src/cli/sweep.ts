/**
 * `catapult sweep <experiment>`: a grid of runs, every cell validated before any runs,
 * cells run in parallel over the cores and cached, written as one CSV and one JSON table.
 */
import { availableParallelism } from 'node:os';
import { runFacts } from '../claims/facts.ts';
import { formatNumber } from '../claims/format.ts';
import { hashOf, toJson } from '../engine/json.ts';
import { closePool, runCells } from '../engine/pool.ts';
import { provenance } from '../engine/provenance.ts';
import type { RunRecord } from '../engine/run.ts';
import {
  applyProfile,
  defaultOutputFolder,
  loadExperiments,
  shown,
  showWarnings,
} from './common.ts';
import { UsageError } from './errors.ts';
import {
  type AnyExperiment,
  checkConfig,
  pickExperiment,
  readExperimentFile,
  resolveConfig,
  resolveGrid,
} from './experiment-file.ts';
import { csvTable, isTrainingRecord } from './output.ts';
import { outputFolder, planOutputFolder, writeOutputFolder } from './output-folder.ts';
import { type GridAxis, gridCells, setParameter } from './parameters.ts';
import { createProgress, progressMode } from './progress.ts';

export interface SweepCommandOptions {
  grid: string[];
  set: string[];
  seed?: string;
  profile?: string;
  out?: string;
  force?: boolean;
  config?: string;
  jobs?: string;
  maxCells: string;
  cache: boolean;
  progress: boolean;
}

/** A cell for messages: `a=1, b="x"`, numbers as JavaScript spells them (Infinity, NaN). */
function cellLabel(cell: Record<string, unknown>): string {
  return Object.entries(cell)
    .map(([path, value]) => {
      const text = typeof value === 'number' ? String(value) : JSON.stringify(value);
      return `${path}=${text}`;
    })
    .join(', ');
}

/** Every cell's configuration, validated against the experiment's schema. */
function cellConfigs(experiment: AnyExperiment, base: object, axes: GridAxis[]) {
  return gridCells(axes).map((cell) => {
    let config: unknown = base;
    for (const [path, value] of Object.entries(cell)) config = setParameter(config, path, value);
    checkConfig(experiment, config, `grid cell ${cellLabel(cell)}`);
    return { cell, config: config as object };
  });
}

function positiveInteger(text: string, option: string, least = 1): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < least) {
    throw new UsageError(`${option} must be an integer ≥ ${least}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** The table rows: cell values, run key, cache use, event counts, then the result's scalars. */
function sweepRows(
  cells: Record<string, unknown>[],
  records: RunRecord<unknown, unknown>[],
  cached: boolean[],
) {
  return cells.map((cell, i) => {
    const record = records[i]!;
    const result = record.result;
    const training = isTrainingRecord(result);
    return {
      cell: i,
      ...cell,
      key: record.key,
      cached: cached[i] ?? false,
      wallSeconds: record.provenance.wallSeconds,
      catapults: training ? result.events.catapults.length : null,
      spikes: training ? result.events.spikes.length : null,
      ...runFacts(result),
    };
  });
}

/** The few columns printed on screen (the files hold all of them). */
const screenColumns = ['outcome.status', 'final.sharpnessOverMss', 'catapults', 'final.loss'];

/** The most rows printed on screen. */
const screenRows = 40;

function screenTable(rows: Record<string, unknown>[], axes: GridAxis[]): string[] {
  const columns = [
    ...axes.map((a) => a.path),
    ...screenColumns.filter((c) => rows.some((r) => r[c] !== undefined && r[c] !== null)),
  ];
  const cells = rows.slice(0, screenRows).map((r) =>
    columns.map((c) => {
      const value = r[c];
      return typeof value === 'number' ? formatNumber(value, 4) : String(value ?? '');
    }),
  );
  const all = [columns, ...cells];
  const widths = columns.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const lines = all.map((row) =>
    `  ${row.map((x, i) => x.padEnd(widths[i]!)).join('  ')}`.trimEnd(),
  );
  if (rows.length > screenRows)
    lines.push(`  … ${rows.length - screenRows} more rows in the files`);
  return lines;
}

export async function sweepCommand(name: string | undefined, options: SweepCommandOptions) {
  const profile = applyProfile(options.profile);
  const maxCells = positiveInteger(options.maxCells, '--max-cells');
  const file = options.config ? await readExperimentFile(options.config) : undefined;
  const experiment = pickExperiment(await loadExperiments(), name, file, options.config);
  const base = resolveConfig(experiment, {
    sets: options.set,
    seed: options.seed,
    file,
    filePath: options.config,
  });
  const axes = resolveGrid(experiment, options.grid, file, options.config, maxCells);
  if (axes.length === 0) {
    throw new UsageError(
      'a sweep needs a grid: --grid path=values (for example ' +
        '--grid optimizer.learningRate=1,2,5) or "grid" in the experiment file',
    );
  }
  const cells = cellConfigs(experiment, base, axes);
  const jobs = Math.min(
    options.jobs === undefined
      ? availableParallelism()
      : positiveInteger(options.jobs, '--jobs', 0),
    cells.length,
  );
  const id = hashOf({ experiment: experiment.name, base, axes }).slice(0, 12);
  const out = outputFolder(options.out, defaultOutputFolder('sweeps', `${experiment.name}-${id}`));
  const plan = await planOutputFolder(out, 'sweep', options.force ?? false);

  const started = performance.now();
  const progress = createProgress({
    label: `sweep ${experiment.name}`,
    total: cells.length,
    unit: 'cells',
    mode: progressMode(options.progress, process.stderr),
  });
  const cached: boolean[] = [];
  let records: RunRecord<unknown, unknown>[];
  const stopWarnings = showWarnings();
  try {
    records = await runCells(
      cells.map(({ config }) => ({ experiment: experiment.name, overrides: config })),
      {
        threads: jobs,
        cache: options.cache,
        onCell(cell) {
          cached[cell.index] = cell.cached;
          progress.update(cell.done);
        },
      },
    );
  } finally {
    stopWarnings();
    await closePool();
  }
  progress.finish();

  const rows = sweepRows(
    cells.map((c) => c.cell),
    records,
    cached,
  );
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const sweep = {
    format: 'catapult-sweep/1',
    experiment: experiment.name,
    title: experiment.title,
    profile,
    base,
    grid: axes,
    jobs,
    wallSeconds: (performance.now() - started) / 1000,
    provenance: await provenance(),
    rows,
  };
  const written = await writeOutputFolder(plan, {
    'sweep.csv': csvTable(
      columns,
      rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])),
    ),
    'sweep.json': `${toJson(sweep, 2)}\n`,
  });
  const where = jobs === 0 ? 'the main thread' : `${jobs} worker thread(s)`;
  const lines = [
    `${experiment.name}: sweep of ${cells.length} cells on ${where}, ` +
      `${cached.filter(Boolean).length} from the run cache, ${sweep.wallSeconds.toFixed(1)} s`,
    ...screenTable(rows, axes),
    `  wrote ${written.map(shown).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * A worker-thread pool that runs sweep cells, each an (experiment name, overrides) pair,
 * through {@link runExperiment} on every core, with the run cache in front of it.
 *
 * - Cells are validated in the calling thread first, so a bad configuration fails the whole
 *   call at once with a ConfigError naming the cell, before anything runs.
 * - A cell whose run is already cached is read in the calling thread and never reaches a
 *   worker; a cell with the same cache key as one still running is computed once.
 * - Each worker (piscina, one per core by default) loads TypeScript through tsx
 *   (`pool-worker.mjs`), so the pool works the same under vitest and under `npx tsx`.
 * - Results come back in the order of the cells. Divergence is part of a run's result, not
 *   an error; an exception inside a run rejects the call with the cell named.
 *
 * @example
 * const records = await runCells([
 *   { experiment: 'toy', overrides: { optimizer: { learningRate: 1 } } },
 *   { experiment: 'toy', overrides: { optimizer: { learningRate: 2 } } },
 * ]);
 * records[1].result.final.sharpnessOverMss; // the second cell's result
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import {
  cacheDirectory,
  type Experiment,
  lookupRun,
  type Overrides,
  type RunRecord,
  runExperiment,
} from './run.ts';
import { ConfigError } from './validate.ts';

/** One cell of a sweep: an experiment by its registry name and overrides of its defaults. */
export interface SweepCell {
  experiment: string;
  overrides?: Overrides<Record<string, unknown>>;
}

/** Reported after each cell finishes, for progress bars. */
export interface CellProgress {
  index: number;
  cell: SweepCell;
  record: RunRecord<unknown, unknown>;
  /** Whether the record came from the cache. */
  cached: boolean;
  done: number;
  total: number;
}

export interface PoolOptions {
  /**
   * Worker threads; 0 runs the cells one after another in this thread. Default:
   * $CATAPULT_THREADS, else the number of cores.
   */
  threads?: number;
  /** Read and write the run cache (default true). */
  cache?: boolean;
  /**
   * URL of a module exporting `experiments: Record<string, Experiment>`, where cell names
   * are looked up; default src/experiments/index.ts.
   */
  registry?: string;
  onCell?: (progress: CellProgress) => void;
}

/** What a worker receives for one cell. */
export interface PoolTask {
  registry: string;
  experiment: string;
  overrides: SweepCell['overrides'];
  cache: boolean;
  cacheDirectory: string;
}

// biome-ignore lint/suspicious/noExplicitAny: experiments differ in configuration and result types
type AnyExperiment = Experiment<any, any>;
type AnyRecord = RunRecord<unknown, unknown>;

const defaultRegistry = new URL('../experiments/index.ts', import.meta.url).href;
const workerEntry = new URL('./pool-worker.mjs', import.meta.url).href;

const registries = new Map<string, Promise<Record<string, AnyExperiment>>>();

function loadRegistry(url: string): Promise<Record<string, AnyExperiment>> {
  let loaded = registries.get(url);
  if (!loaded) {
    loaded = import(url).then((module: { experiments?: Record<string, AnyExperiment> }) => {
      if (!module.experiments) throw new Error(`${url} exports no "experiments" record`);
      return module.experiments;
    });
    registries.set(url, loaded);
  }
  return loaded;
}

/** The number of worker threads: the option, else $CATAPULT_THREADS, else the cores. */
export function poolThreads(option?: number): number {
  const value = option ?? process.env.CATAPULT_THREADS ?? availableParallelism();
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 0) {
    const field = option === undefined ? 'CATAPULT_THREADS' : 'threads';
    throw new ConfigError(`${field} must be an integer ≥ 0, got ${JSON.stringify(value)}`);
  }
  return threads;
}

const pools = new Map<number, Piscina>();

function pool(threads: number): Piscina {
  let existing = pools.get(threads);
  if (!existing) {
    // Idle workers are unreferenced by piscina, so a waiting pool never keeps a process alive.
    existing = new Piscina({
      filename: workerEntry,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 30_000,
    });
    pools.set(threads, existing);
  }
  return existing;
}

/** Stops every worker thread; the next call starts new ones. */
export async function closePool(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.all(open.map((p) => p.destroy()));
}

/** Runs one task in a worker thread (the export that pool-worker.mjs serves). */
export async function runPoolTask(task: PoolTask): Promise<AnyRecord> {
  process.env.CATAPULT_CACHE_DIR = task.cacheDirectory;
  const experiment = (await loadRegistry(task.registry))[task.experiment];
  if (!experiment) throw new ConfigError(`unknown experiment ${JSON.stringify(task.experiment)}`);
  return runExperiment(experiment, task.overrides, { cache: task.cache });
}

const running = new Map<string, Promise<AnyRecord>>();

function describeCell(index: number, cell: SweepCell): string {
  const overrides = JSON.stringify(cell.overrides ?? {});
  const shown = overrides.length > 200 ? `${overrides.slice(0, 197)}...` : overrides;
  return `cell ${index} (${cell.experiment} ${shown})`;
}

/**
 * Runs every cell and returns their run records in the order of `cells` (see the module
 * comment). Rejects with a ConfigError naming the cell for an unknown experiment or a bad
 * configuration, before any cell runs.
 */
export async function runCells(
  cells: readonly SweepCell[],
  options: PoolOptions = {},
): Promise<AnyRecord[]> {
  const threads = poolThreads(options.threads);
  const useCache = options.cache ?? true;
  const registry = options.registry ?? defaultRegistry;
  const experiments = await loadRegistry(registry);

  const planned = await Promise.all(
    cells.map(async (cell, index) => {
      const experiment = experiments[cell.experiment];
      if (!experiment) {
        const known = Object.keys(experiments).join(', ');
        throw new ConfigError(
          `cells[${index}].experiment must be one of ${known}, ` +
            `got ${JSON.stringify(cell.experiment)}`,
        );
      }
      try {
        const { key, cached } = await lookupRun(experiment, cell.overrides);
        return {
          cell,
          index,
          key: `${cell.experiment}/${key}`,
          cached: useCache ? cached : undefined,
        };
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw new ConfigError(
          `${describeCell(index, cell)}: ${error.message}`,
          error.problems.map((p) => `cells[${index}]: ${p}`),
        );
      }
    }),
  );

  let done = 0;
  const finish = (index: number, record: AnyRecord, cached: boolean) => {
    done++;
    options.onCell?.({ index, cell: cells[index]!, record, cached, done, total: cells.length });
    return record;
  };

  return Promise.all(
    planned.map(async ({ cell, index, key, cached }) => {
      if (cached) return finish(index, cached, true);
      let work = useCache ? running.get(key) : undefined;
      if (!work) {
        const task: PoolTask = {
          registry,
          experiment: cell.experiment,
          overrides: cell.overrides,
          cache: useCache,
          cacheDirectory: cacheDirectory(),
        };
        work =
          threads === 0
            ? runExperiment(experiments[cell.experiment]!, cell.overrides, { cache: useCache })
            : (pool(threads).run(task) as Promise<AnyRecord>);
        if (useCache) {
          running.set(key, work);
          const forget = () => running.delete(key);
          work.then(forget, forget);
        }
      }
      try {
        return finish(index, await work, false);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${describeCell(index, cell)} failed: ${message}`, { cause: error });
      }
    }),
  );
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { toyExperiment } from '../experiments/toy.ts';
import { closePool, poolThreads, runCells, type SweepCell } from './pool.ts';
import { runExperiment } from './run.ts';
import { ConfigError } from './validate.ts';

const cells: SweepCell[] = [1, 2, 3].map((learningRate) => ({
  experiment: 'toy',
  overrides: { steps: 300, optimizer: { learningRate } },
}));

let folder: string;
const savedCache = process.env.CATAPULT_CACHE_DIR;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'catapult-pool-'));
  process.env.CATAPULT_CACHE_DIR = join(folder, 'runs');
  return async () => {
    process.env.CATAPULT_CACHE_DIR = savedCache;
    await rm(folder, { recursive: true, force: true });
  };
});

afterAll(() => closePool());

describe('runCells', () => {
  test('two worker threads give the results of runs in this thread, in cell order', async () => {
    const pooled = await runCells(cells, { threads: 2, cache: false });
    for (const [index, cell] of cells.entries()) {
      const direct = await runExperiment(toyExperiment, cell.overrides as never, { cache: false });
      expect(pooled[index]!.config).toEqual(direct.config);
      expect(pooled[index]!.result).toEqual(direct.result);
    }
  });

  test('a second call reads every cell from the cache and reports it as cached', async () => {
    const seen: boolean[] = [];
    const first = await runCells(cells, { threads: 2, onCell: (p) => seen.push(p.cached) });
    expect(seen).toEqual([false, false, false]);
    seen.length = 0;
    const second = await runCells(cells, { threads: 2, onCell: (p) => seen.push(p.cached) });
    expect(seen).toEqual([true, true, true]);
    expect(second.map((r) => r.key)).toEqual(first.map((r) => r.key));
  });

  test('identical cells in one call are computed once', async () => {
    const records = await runCells([cells[0]!, cells[0]!], { threads: 2 });
    expect(records[0]!.provenance.startedAt).toBe(records[1]!.provenance.startedAt);
  });

  test('threads = 0 runs the cells in this thread with the same results', async () => {
    const inline = await runCells(cells, { threads: 0, cache: false });
    const pooled = await runCells(cells, { threads: 1, cache: false });
    expect(inline.map((r) => r.result)).toEqual(pooled.map((r) => r.result));
  });

  test('a bad configuration is a ConfigError naming the cell, field, rule and value', async () => {
    const bad = [...cells, { experiment: 'toy', overrides: { steps: -5 } }];
    const error = await runCells(bad, { threads: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^cell 3 \(toy .*config\.steps must be >= 1, got -5/s);
  });

  test('an unknown experiment is a ConfigError listing the known ones', async () => {
    const error = await runCells([{ experiment: 'nope' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/cells\[0\]\.experiment must be one of .*toy.*"nope"/);
  });

  test('an exception inside a worker rejects with the cell named', async () => {
    const registry = join(folder, 'registry.mts');
    await writeFile(
      registry,
      [
        'export const experiments = {',
        "  boom: { name: 'boom', title: 'throws', parameters: {}, defaults: { seed: 0 },",
        "    schema: { type: 'object', required: ['seed'],",
        "      properties: { seed: { type: 'integer' } } },",
        "    run() { throw new Error('boom inside the run'); } },",
        '};',
      ].join('\n'),
    );
    const url = pathToFileURL(registry).href;
    const error = await runCells([{ experiment: 'boom', overrides: { seed: 7 } }], {
      threads: 1,
      registry: url,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('cell 0 (boom {"seed":7}) failed: boom inside the run');
  });

  test('poolThreads rejects a negative or fractional thread count, naming the source', () => {
    expect(() => poolThreads(-1)).toThrow('threads must be an integer ≥ 0, got -1');
    const saved = process.env.CATAPULT_THREADS;
    process.env.CATAPULT_THREADS = '1.5';
    try {
      expect(() => poolThreads()).toThrow('CATAPULT_THREADS must be an integer ≥ 0, got "1.5"');
    } finally {
      if (saved === undefined) delete process.env.CATAPULT_THREADS;
      else process.env.CATAPULT_THREADS = saved;
    }
    expect(poolThreads(3)).toBe(3);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { runCells } from '../engine/pool.ts';
import { runExperiment } from '../engine/run.ts';
import { toyExperiment } from '../experiments/toy.ts';
import { setParameter } from './parameters.ts';

const saved = process.env.CATAPULT_CACHE_DIR;
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'catapult-sweep-'));
  process.env.CATAPULT_CACHE_DIR = folder;
});
afterEach(async () => {
  process.env.CATAPULT_CACHE_DIR = saved;
  await rm(folder, { recursive: true, force: true });
});

// The sweep hands each cell to the pool as its whole configuration (built with --set's rules).
test('a cell given as its whole configuration runs exactly it, new kinds included', async () => {
  const short = setParameter(toyExperiment.defaults, 'steps', 300) as object;
  const constant = setParameter(short, 'schedule.kind', 'constant') as object;
  const cells = [short, constant].map((config) => ({ experiment: 'toy', overrides: config }));

  const [warmup, flat] = await runCells(cells, { threads: 0, cache: false });
  expect(flat!.config).toEqual(constant);
  expect(new Set((flat!.result as { learningRate: number[] }).learningRate).size).toBe(1);
  const direct = await runExperiment(toyExperiment, { steps: 300 }, { cache: false });
  expect(warmup!.key).toBe(direct.key);
  expect(warmup!.result).toEqual(direct.result);
});

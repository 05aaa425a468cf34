import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runExperiment, runKey, withOverrides } from '../engine/run.ts';
import { ConfigError } from '../engine/validate.ts';
import { warningMark, warningsSince } from '../engine/warnings.ts';
import { toyExperiment } from './toy.ts';

let cache: string;
beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), 'catapult-toy-test-'));
  process.env.CATAPULT_CACHE_DIR = cache;
});
afterEach(async () => {
  delete process.env.CATAPULT_CACHE_DIR;
  await rm(cache, { recursive: true, force: true });
});

const short = {
  steps: 300,
  schedule: { kind: 'linear-warmup', warmupSteps: 100, initialFraction: 0 },
} as const;

describe('toy configuration errors name the field, the rule and the value', () => {
  test.each([
    [{ optimizer: { learningRate: -0.1 } }, 'config.optimizer.learningRate must be > 0, got -0.1'],
    [{ optimizer: { momentum: 1 } }, 'config.optimizer.momentum must be < 1, got 1'],
    [{ optimizer: { momentum: 1.5 } }, 'config.optimizer.momentum must be < 1, got 1.5'],
    [{ init: { y: 0 } }, 'config.init.y must be > 0, got 0'],
    [{ init: { y: -2 } }, 'config.init.y must be > 0, got -2'],
    [
      { loss: 'x2-over-3y' },
      'config.loss must be one of "x2-over-2y", "x2-over-y", "x2-over-2y2", "x2-over-1py2", ' +
        'got "x2-over-3y"',
    ],
    [
      { optimizer: { learningRate: Number.NaN } },
      'config.optimizer.learningRate must be a finite number, got NaN',
    ],
    [{ steps: 2.5 }, 'config.steps must be an integer, got 2.5'],
    [{ optimizer: { lr: 1 } }, 'config.optimizer has an unknown field "lr"'],
    [
      { schedule: { kind: 'cosine' } },
      'config.schedule.kind must be one of "constant", "linear-warmup", "step-warmup", ' +
        '"delayed-warmup", got "cosine"',
    ],
    [
      { schedule: { kind: 'linear-warmup', warmupSteps: 0, initialFraction: 0 } },
      'config.schedule.warmupSteps must be >= 1, got 0',
    ],
  ])('%j', async (overrides, message) => {
    const error = await runExperiment(toyExperiment, overrides as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toContain(message);
  });

  test('every problem of a configuration is reported at once', async () => {
    const error = (await runExperiment(toyExperiment, {
      optimizer: { learningRate: -1, momentum: 2 },
      init: { y: 0 },
    }).catch((e: unknown) => e)) as ConfigError;
    expect(error.problems).toHaveLength(3);
  });
});

describe('toy runs and the run cache', () => {
  test(
    'a run is computed once, stored under its key, and served from the cache ' + 'after',
    async () => {
      const first = await runExperiment(toyExperiment, short);
      const second = await runExperiment(toyExperiment, short);
      expect(second.key).toBe(first.key);
      expect(second.provenance.startedAt).toBe(first.provenance.startedAt);
      expect(await readdir(join(cache, 'toy'))).toEqual([`${first.key}.json`]);
      expect(second.result.final).toEqual(first.result.final);
    },
  );

  test('the key changes with any configuration value', () => {
    const base = withOverrides(toyExperiment.defaults, short);
    const changed = withOverrides(base, { optimizer: { learningRate: 2.5 } });
    expect(runKey('toy', base)).not.toBe(runKey('toy', changed));
  });

  test('a bad configuration neither reads nor changes the cached runs', async () => {
    const good = await runExperiment(toyExperiment, short);
    const path = join(cache, 'toy', `${good.key}.json`);
    const before = await readFile(path, 'utf8');
    await expect(
      runExperiment(toyExperiment, { ...short, optimizer: { learningRate: -1 } }),
    ).rejects.toThrow(ConfigError);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(join(cache, 'toy'))).toEqual([`${good.key}.json`]);
  });

  test('a corrupted cache file is recomputed with one warning, and rewritten whole', async () => {
    const good = await runExperiment(toyExperiment, short);
    const path = join(cache, 'toy', `${good.key}.json`);
    await writeFile(path, '{"format": "catapult-run/1", "trunc');
    const mark = warningMark();
    const again = await runExperiment(toyExperiment, short);
    expect(warningsSince(mark).map((w) => w.code)).toEqual(['cache-unreadable']);
    expect(again.result.final).toEqual(good.result.final);
    expect(JSON.parse(await readFile(path, 'utf8')).key).toBe(good.key);
  });

  test(
    'a heavy-ball run records the fair rate (1 + β)η, x and y at every step, and its ' + 'events',
    async () => {
      const { result, config } = await runExperiment(toyExperiment, short);
      expect(result.effectiveLearningRate).toBe(1.9 * config.optimizer.learningRate);
      expect(result.coordinates.x).toHaveLength(301);
      expect(result.coordinates.y).toHaveLength(301);
      expect(result.sharpness.step).toHaveLength(301);
      expect(result.outcome).toEqual({ status: 'completed' });
      expect(Array.isArray(result.events.catapults)).toBe(true);
    },
  );
});

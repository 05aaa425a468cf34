import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { checkAgainstBaseline } from '../claims/claim.ts';
import { projectRoot } from '../engine/provenance.ts';
import { ConfigError } from '../engine/validate.ts';
import { type Baseline, readBaseline } from './store.ts';

/**
 * Runs a repository script with tsx outside vitest (claim files then only register), with
 * CI unset unless `env` sets it.
 */
function script(path: string, args: string[] = [], env: Record<string, string> = {}) {
  const { VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, CI: _ci, ...rest } = process.env;
  return execa('npx', ['tsx', path, ...args], {
    cwd: projectRoot,
    env: { ...rest, ...env },
    extendEnv: false,
    reject: false,
  });
}

describe('baseline bookkeeping', () => {
  test('every claim has a quick baseline and every quick baseline belongs to a claim', async () => {
    const result = await script('src/baselines/check.ts', ['quick']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  test('the update command refuses to run when CI is set, and writes nothing', async () => {
    const result = await script('src/baselines/update.ts', [], { CI: 'true' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('refuses to run when CI is set');
  });

  test('the update command rejects an unknown claim id and lists the known ones', async () => {
    const result = await script('src/baselines/update.ts', ['toy/no-such-claim']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown claim id(s): toy/no-such-claim');
    expect(result.stderr).toContain('toy/fig3-gd-stepwise');
  });
});

describe('baseline files', () => {
  test(
    'a malformed baseline is rejected on load with the field, the rule and the ' + 'value',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'catapult-baselines-'));
      process.env.CATAPULT_BASELINES_DIR = folder;
      try {
        await execa('mkdir', ['-p', join(folder, 'quick', 'toy')]);
        const bad = {
          format: 'catapult-baseline/1',
          claim: 'toy/x',
          profile: 'quick',
          verdict: 'maybe',
          metrics: {},
          recorded: { commit: 'c', dirty: false, date: 'd' },
        };
        await writeFile(join(folder, 'quick', 'toy', 'x.json'), JSON.stringify(bad));
        const error = await readBaseline('toy/x', 'quick').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).message).toContain(
          '.verdict must be one of "reproduced", "not-reproduced", got "maybe"',
        );
      } finally {
        delete process.env.CATAPULT_BASELINES_DIR;
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
});

describe('checkAgainstBaseline', () => {
  const baseline: Baseline = {
    format: 'catapult-baseline/1',
    claim: 'toy/x',
    profile: 'quick',
    verdict: 'reproduced',
    metrics: {
      catapults: {
        value: 1,
        precision: 'float64',
        quantity: 'count',
        tolerance: { absolute: 0, relative: 0 },
        reason: 'r',
      },
      ratio: {
        value: 0.4,
        precision: 'float64',
        quantity: 'after-instability',
        tolerance: { absolute: 0, relative: 0.02 },
        reason: 'r',
      },
    },
    recorded: { commit: 'c', dirty: false, date: 'd' },
  };
  const metrics = {
    catapults: { value: 1, quantity: 'count' as const },
    ratio: { value: 0.405, quantity: 'after-instability' as const },
  };

  test('matching values and verdict give no problems', () => {
    expect(checkAgainstBaseline('reproduced', metrics, baseline).problems).toEqual([]);
  });

  test('a changed verdict is a problem even when every number matches', () => {
    expect(checkAgainstBaseline('not-reproduced', metrics, baseline).problems).toEqual([
      'verdict changed: baseline says reproduced, this run says not-reproduced',
    ]);
  });

  test(
    'a value out of tolerance names the metric, value, baseline, difference and allowed ' +
      'difference',
    () => {
      const [problem] = checkAgainstBaseline(
        'reproduced',
        { ...metrics, ratio: { ...metrics.ratio, value: 0.5 } },
        baseline,
      ).problems;
      expect(problem).toBe(
        'ratio: value 0.5, baseline 0.4, difference 0.1, allowed 0.008 ' +
          '(after-instability, float64)',
      );
    },
  );

  test('a metric missing from the run or from the baseline is a problem', () => {
    const { catapults, ...rest } = metrics;
    expect(checkAgainstBaseline('reproduced', rest, baseline).problems).toEqual([
      'metric catapults is in the baseline but was not measured',
    ]);
    expect(
      checkAgainstBaseline(
        'reproduced',
        { ...metrics, extra: { value: 1, quantity: 'count' } },
        baseline,
      ).problems,
    ).toEqual(['metric extra was measured but has no baseline']);
    expect(catapults.value).toBe(1);
  });
});

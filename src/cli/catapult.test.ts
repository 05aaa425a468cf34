/**
 * End-to-end tests of the `catapult` command: each runs the real command (the package's bin
 * shim, through tsx) with execa, on the toy experiment at few steps, with its own run
 * cache, results file and copy of the baselines in a temporary folder.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatNumber } from '../claims/format.ts';
import { projectRoot } from '../engine/provenance.ts';

const bin = join(projectRoot, 'src', 'cli', 'catapult.js');
let root: string;
let env: Record<string, string>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catapult-e2e-'));
  await cp(join(projectRoot, 'baselines'), join(root, 'baselines'), { recursive: true });
  // The command must not believe it runs inside vitest (the claim catalogue refuses to).
  env = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => !/^(VITEST|CI$)/.test(e[0]) && e[1] !== undefined,
    ),
  );
  Object.assign(env, {
    CATAPULT_CACHE_DIR: join(root, 'cache'),
    CATAPULT_RESULTS: join(root, 'reports', 'results.json'),
    CATAPULT_BASELINES_DIR: join(root, 'baselines'),
    CATAPULT_PROFILE: 'quick',
    NO_COLOR: '1',
  });
});

afterAll(() => rm(root, { recursive: true, force: true }));

function catapult(args: string[], extra: Record<string, string> = {}) {
  return execa('node', [bin, ...args], {
    cwd: root,
    env: { ...env, ...extra },
    extendEnv: false,
    reject: false,
  });
}

/** Every file below a folder with its contents, to show that nothing changed. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  let names: string[];
  try {
    names = (await readdir(folder, { recursive: true })) as string[];
  } catch {
    return {};
  }
  const files: Record<string, string> = {};
  for (const name of names.sort()) {
    try {
      files[name] = await readFile(join(folder, name), 'utf8');
    } catch {
      files[name] = '<folder>';
    }
  }
  return files;
}

describe('catapult run', () => {
  test('runs the toy with a changed learning rate; writes the record and traces', async () => {
    const out = join(root, 'lr5');
    const args = ['run', 'toy', '--set', 'optimizer.learningRate=5', '--set', 'steps=1500'];
    const run = await catapult([...args, '--out', out]);
    expect(run.stderr).toMatch(/^run toy: 1500\/1500 steps \(100%\), \S+ steps\/s, done in /);
    expect(run.exitCode).toBe(0);

    const record = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(record.config.optimizer.learningRate).toBe(5);
    expect(record.config.steps).toBe(1500);
    const { final, events } = record.result;
    expect(run.stdout).toContain('changed          optimizer.learningRate = 5 (default 2)');
    expect(run.stdout).toContain(`final loss       ${formatNumber(final.loss, 4)}`);
    expect(run.stdout).toContain(`sharpness/MSS ${formatNumber(final.sharpnessOverMss, 4)}`);
    expect(run.stdout).toContain(`catapults        ${events.catapults.length}`);
    expect(run.stdout).toContain('outcome          completed 1500 steps');

    const steps = (await readFile(join(out, 'steps.csv'), 'utf8')).trim().split('\n');
    expect(steps[0]).toBe('step,loss,learningRate,x,y');
    expect(steps).toHaveLength(1502);
    expect(Number(steps[1001]!.split(',')[1])).toBe(record.result.loss[1000]);
    const sharpness = (await readFile(join(out, 'sharpness.csv'), 'utf8')).trim().split('\n');
    expect(sharpness).toHaveLength(record.result.sharpness.step.length + 1);
    const catapults = (await readFile(join(out, 'catapults.csv'), 'utf8')).trim().split('\n');
    expect(catapults).toHaveLength(events.catapults.length + 1);

    const again = await catapult([...args, '--out', out]);
    expect(again.stdout).toContain('(from the run cache)');
    expect(again.stderr).toBe('');
  });

  test('reads an experiment file; --set on the command line wins over it', async () => {
    const file = join(root, 'gd.json');
    const config = { optimizer: { momentum: 0, learningRate: 3 }, steps: 1200 };
    await writeFile(file, JSON.stringify({ experiment: 'toy', config }));
    const out = join(root, 'gd');
    const run = await catapult(['run', '--config', file, '--set', 'steps=1000', '--out', out]);
    expect(run.exitCode).toBe(0);
    const record = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(record.config.optimizer).toMatchObject({ momentum: 0, learningRate: 3 });
    expect(record.config.steps).toBe(1000);
  });
});

describe('catapult sweep', () => {
  test('runs a 2 × 2 grid on two threads, writes CSV and JSON, then uses the cache', async () => {
    const out = join(root, 'sweep');
    const args = [
      'sweep',
      'toy',
      '--grid',
      'optimizer.learningRate=1,5',
      '--grid',
      'optimizer.momentum=0,0.9',
      '--set',
      'steps=1500',
      '--jobs',
      '2',
      '--out',
      out,
    ];
    const sweep = await catapult(args);
    expect(sweep.exitCode).toBe(0);
    expect(sweep.stdout).toMatch(/sweep of 4 cells on 2 worker thread\(s\), \d from the run cache/);

    const table = JSON.parse(await readFile(join(out, 'sweep.json'), 'utf8'));
    const cells = table.rows.map((r: Record<string, unknown>) => [
      r['optimizer.learningRate'],
      r['optimizer.momentum'],
    ]);
    expect(cells).toEqual([
      [1, 0],
      [1, 0.9],
      [5, 0],
      [5, 0.9],
    ]);
    const csv = (await readFile(join(out, 'sweep.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toMatch(/^cell,optimizer\.learningRate,optimizer\.momentum,key,cached,/);

    // The cell (5, 0.9) with 1500 steps is the run of the test above: same key, same numbers.
    const lr5 = JSON.parse(await readFile(join(root, 'lr5', 'run.json'), 'utf8'));
    const cell = table.rows[3];
    expect(cell.key).toBe(lr5.key);
    expect(cell['final.sharpnessOverMss']).toBe(lr5.result.final.sharpnessOverMss);
    expect(cell.catapults).toBe(lr5.result.events.catapults.length);

    const again = await catapult(args);
    expect(again.stdout).toContain('4 from the run cache');
  });
});

describe('catapult verify, list and baselines', () => {
  const claim = 'toy/fig3-phb-one-catapult';
  const notReproduced = 'toy/family-gd-stepwise';

  test('verifies one claim (exit 0), then lists it with its verdict', async () => {
    const verify = await catapult(['verify', claim]);
    expect(verify.stdout).toMatch(/catapult verify: 1 of 1 claim\(s\) reproduced$/);
    expect(verify.exitCode).toBe(0);
    // A fresh clone has no results file: it now holds this claim, and the claims the filter
    // left out are not counted as skipped (only claims skipped on purpose are).
    const results = JSON.parse(await readFile(env.CATAPULT_RESULTS!, 'utf8'));
    expect(results.claims.map((c: { id: string }) => c.id)).toEqual([claim]);
    expect(results.counts.skipped).toBe(0);
    expect(results.skipped).toEqual([]);
    expect(await readdir(join(root, 'reports'))).toEqual(['results.json']);

    const list = await catapult(['list', 'claims']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`Fig\\. 3 +${claim} +reproduced`));
    expect(list.stdout).toMatch(new RegExp(`${notReproduced} +-`));
  });

  test('exit 1 for a claim that does not reproduce or drifts; diff names the metric', async () => {
    const path = join(root, 'baselines', 'quick', `${claim}.json`);
    const baseline = JSON.parse(await readFile(path, 'utf8'));
    const stored = baseline.metrics.finalSharpnessOverMss.value;
    baseline.metrics.finalSharpnessOverMss.value = stored * 1.5;
    await writeFile(path, JSON.stringify(baseline));

    // A truncated results file is replaced with a warning, not silently.
    const text = await readFile(env.CATAPULT_RESULTS!, 'utf8');
    await writeFile(env.CATAPULT_RESULTS!, text.slice(0, 100));
    const verify = await catapult(['verify', claim, notReproduced]);
    expect(verify.stderr).toMatch(
      /^catapult: warning: .*results.json is not valid JSON .*; it is replaced by the results/m,
    );
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toContain(`${notReproduced} not reproduced`);
    expect(verify.stdout).toContain(`${claim} baseline mismatch`);

    const diff = await catapult(['baselines', 'diff', '--stored', claim, notReproduced]);
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout).toMatch(/✗ finalSharpnessOverMss: value \S+, baseline \S+, difference/);
    expect(diff.stdout).toContain(`${notReproduced}: no drift`);
    const list = await catapult(['list', 'claims']);
    expect(list.stdout).toMatch(new RegExp(`${notReproduced} +NOT reproduced`));
  });
});

describe('input errors: one line, exit 2, nothing stored changed', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown experiment', ['run', 'nope'], /unknown experiment "nope"; known experiments: .*toy/],
    [
      'unknown parameter',
      ['run', 'toy', '--set', 'optimizer.lr=5'],
      /unknown parameter "optimizer.lr" .* optimizer accepts: learningRate, momentum/,
    ],
    [
      'malformed value',
      ['run', 'toy', '--set', 'optimizer.learningRate=fast'],
      /--set: config.optimizer.learningRate must be a finite number, got "fast"/,
    ],
    [
      'value out of range',
      ['run', 'toy', '--set', 'optimizer.momentum=1'],
      /--set: config.optimizer.momentum must be < 1, got 1/,
    ],
    [
      'assignment without a value',
      ['run', 'toy', '--set', 'steps'],
      /--set expects key=value .*got "steps"/,
    ],
    ['malformed seed', ['run', 'toy', '--seed', 'x'], /--seed must be a non-negative integer/],
    ['unknown profile', ['run', 'toy', '--profile', 'fast'], /--profile must be quick or paper/],
    ['unknown option', ['run', 'toy', '--frobnicate'], /unknown option '--frobnicate'/],
    ['missing file', ['run', 'toy', '--config', 'none.json'], /cannot read .*none.json: no such/],
    ['file not JSON', ['run', 'toy', '--config', 'broken.json'], /broken.json is not valid JSON/],
    [
      'file with a bad value',
      ['run', '--config', 'bad-value.json'],
      /bad-value.json: config.steps must be an integer, got "many"/,
    ],
    [
      'file with unknown fields',
      ['run', 'toy', '--config', 'flat.json'],
      /flat.json: the file has an unknown field "optimizer" .*parameters go under "config"/,
    ],
    [
      'file for another experiment',
      ['run', 'theory-ode', '--config', 'bad-value.json'],
      /bad-value.json is an experiment file for toy, not for theory-ode/,
    ],
    [
      'bad grid cell',
      ['sweep', 'toy', '--grid', 'optimizer.learningRate=1,-2'],
      /grid cell optimizer.learningRate=-2: config.optimizer.learningRate must be > 0, got -2/,
    ],
    [
      'malformed grid',
      ['sweep', 'toy', '--grid', 'steps=logspace(1,2)'],
      /"logspace\(1,2\)" is malformed; give a comma-separated list/,
    ],
    ['sweep without a grid', ['sweep', 'toy'], /a sweep needs a grid/],
    ['unknown claim', ['verify', 'toy/nope'], /unknown claim "toy\/nope"; claims of toy: /],
    ['unknown claim to update', ['baselines', 'update', 'x/y'], /unknown claim "x\/y"/],
    ['--out is a file', ['run', 'toy', '--out', 'broken.json'], /--out .* is not a folder/],
    ['empty --out', ['run', 'toy', '--out', ''], /^catapult: --out is empty; give a folder path/],
  ];

  const folders = ['cache', 'reports', 'baselines', 'kept'];
  const stored = () => Promise.all(folders.map((f) => snapshot(join(root, f))));
  let before: Record<string, string>[];

  beforeAll(async () => {
    await writeFile(join(root, 'broken.json'), '{"experiment": "toy",');
    await writeFile(join(root, 'flat.json'), JSON.stringify({ optimizer: { learningRate: 5 } }));
    await writeFile(
      join(root, 'bad-value.json'),
      JSON.stringify({ experiment: 'toy', config: { steps: 'many' } }),
    );
    await mkdir(join(root, 'kept'), { recursive: true });
    await writeFile(join(root, 'kept', 'run.json'), 'an earlier result');
    before = await stored();
  });

  test.concurrent.each(cases)('%s', async (_name, args, message) => {
    // A run or sweep that went wrong here would write into the folder of an earlier result.
    const writes = ['run', 'sweep'].includes(args[0]!) && !args.includes('--out');
    const run = await catapult(writes ? [...args, '--out', join(root, 'kept')] : args);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^catapult: /);
    expect(run.exitCode).toBe(2);
  });

  test('baselines update is refused when CI is set', async () => {
    const run = await catapult(['baselines', 'update', 'toy/fig3-gd-stepwise'], { CI: 'true' });
    expect(run.stderr).toMatch(/^catapult: baselines update is refused when CI is set/);
    expect(run.exitCode).toBe(2);
  });

  test('CI=false or CI=0 is not CI: the update goes on to check the claim ids', async () => {
    const runs = await Promise.all(
      ['false', '0'].map((CI) => catapult(['baselines', 'update', 'x/y'], { CI })),
    );
    for (const run of runs) {
      expect(run.stderr).toMatch(/^catapult: unknown claim "x\/y"/);
      expect(run.exitCode).toBe(2);
    }
  });

  test('afterwards cache, results, baselines and earlier output are unchanged', async () => {
    expect(Object.keys(before[0]!).length).toBeGreaterThan(0);
    expect(before[3]).toEqual({ 'run.json': 'an earlier result' });
    expect(await stored()).toEqual(before);
  });
});

/**
 * The `catapult` command run in this process (main(argv), output captured): input errors
 * found by a new user, the output-folder rule and the run cache's label. Each error is one
 * line on stderr with exit 2, found before anything is computed. (catapult.test.ts runs the
 * real binary; these cases need no claims, so they skip its start-up cost.)
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { readBaseline } from '../baselines/store.ts';
import { isCI } from '../claims/profile.ts';
import { ConfigError } from '../engine/validate.ts';
import { main } from './main.ts';
import { outputMarker } from './output-folder.ts';

const variables = ['CATAPULT_CACHE_DIR', 'CATAPULT_RESULTS', 'CATAPULT_BASELINES_DIR'];
const saved = Object.fromEntries(
  ['CATAPULT_PROFILE', ...variables].map((v) => [v, process.env[v]]),
);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catapult-inputs-'));
  process.env.CATAPULT_CACHE_DIR = join(root, 'cache');
  process.env.CATAPULT_RESULTS = join(root, 'results.json');
  process.env.CATAPULT_BASELINES_DIR = join(root, 'baselines');
  process.env.CATAPULT_PROFILE = 'quick';
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(root, { recursive: true, force: true });
});

/** Runs `catapult …args` here; returns the exit code and what it wrote. */
async function catapult(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => (text: string | Uint8Array) => {
    into.push(String(text));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout) as never);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr) as never);
  try {
    const code = await main(['node', 'catapult', ...args]);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const short = ['--set', 'steps=300', '--no-progress'];

describe('input errors: one line on stderr, exit 2, nothing computed', () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      'a grid too large to make is refused by its cell count alone',
      () => ['sweep', 'toy', '--grid', 'optimizer.learningRate=linspace(1,2,1e9)'],
      /^catapult: grid has 1000000000 cells, more than --max-cells 10000; /,
    ],
    [
      'the product of the axes counts',
      () => ['sweep', 'toy', '--grid', 'steps=range(1,102)', '--grid', 'seed=range(0,100)'],
      /grid has 10100 cells, more than --max-cells 10000/,
    ],
    [
      'a repeated --grid axis',
      () => [
        'sweep',
        'toy',
        '--grid',
        'optimizer.momentum=0.1',
        '--grid',
        'optimizer.momentum=0.2',
      ],
      /--grid optimizer.momentum is given twice; give each axis once/,
    ],
    [
      'an empty grid in a file',
      () => ['sweep', '--config', join(root, 'emptygrid.json')],
      /emptygrid.json: grid.optimizer.momentum must have at least 1 value, got \[\] \(an exp/,
    ],
    [
      'a grid value that overflows shows as Infinity',
      () => ['sweep', 'toy', '--grid', 'optimizer.learningRate=logspace(0,400,3)'],
      /grid cell optimizer.learningRate=Infinity: config.optimizer.learningRate must be a fin/,
    ],
    [
      'an unknown schedule kind lists the kinds',
      () => ['run', 'toy', '--set', 'schedule.kind=bogus'],
      /kind must be one of "constant", "linear-warmup", "step-warmup", "delayed-warmup", got "bo/,
    ],
    [
      'a field of another schedule kind names its kind',
      () => ['run', 'toy', '--set', 'schedule.firstSteps=10'],
      /schedule.firstSteps is a field of schedule.kind step-warmup, not of linear-warmup .*set s/,
    ],
    [
      'an object given a number',
      () => ['run', 'toy', '--set', 'optimizer=5'],
      /config.optimizer must be an object, got 5/,
    ],
    [
      'a value that underflows',
      () => ['run', 'toy', '--set', 'optimizer.learningRate=1e-400'],
      /--set optimizer.learningRate: 1e-400 is not representable as a double \(it would become 0\)/,
    ],
    [
      'a value that overflows',
      () => ['sweep', 'toy', '--grid', 'optimizer.learningRate=1,1e400'],
      /1e400 is not representable as a double \(it would become Infinity\)/,
    ],
    [
      'an --out that cannot be created',
      () => ['run', 'toy', ...short, '--out', '/proc/catapult-test'],
      /^catapult: cannot write --out \/proc\/catapult-test: a folder on the path cannot be created/,
    ],
    [
      'an --out below a file',
      () => ['run', 'toy', ...short, '--out', join(root, 'emptygrid.json', 'run')],
      /cannot write --out .*emptygrid.json\/run: a part of the path is a file, not a folder/,
    ],
    [
      'an --out holding files of something else',
      () => ['sweep', 'toy', '--grid', 'steps=300,400', '--out', join(root, 'notes')],
      /--out .*notes already holds 1 file\(s\) \(notes.txt\), not written by catapult sw.*--force/,
    ],
    [
      'a results file of {} for the report',
      () => ['report'],
      /results.json is not a catapult results file \(it lacks "format"/,
    ],
  ];

  beforeAll(async () => {
    await writeFile(
      join(root, 'emptygrid.json'),
      JSON.stringify({ experiment: 'toy', grid: { 'optimizer.momentum': [] } }),
    );
    await mkdir(join(root, 'notes'));
    await writeFile(join(root, 'notes', 'notes.txt'), 'mine');
    await writeFile(join(root, 'results.json'), '{}');
  });

  test.each(cases)('%s', async (_name, args, message) => {
    const run = await catapult(...args());
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.code).toBe(2);
  });

  test('nothing was computed or written', async () => {
    expect(await readdir(root)).not.toContain('cache');
    expect(await readdir(join(root, 'notes'))).toEqual(['notes.txt']);
  });
});

describe('output folders and the run cache', () => {
  test('a corrupt cached run is recomputed, says so, and warns once', async () => {
    const out = join(root, 'run');
    const first = await catapult('run', 'toy', ...short, '--out', out);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\(computed in [\d.]+ s\)/);
    const again = await catapult('run', 'toy', ...short, '--out', out);
    expect(again.stdout).toContain('(from the run cache)');

    const { key } = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    await writeFile(join(root, 'cache', 'toy', `${key}.json`), 'garbage\n');
    const recomputed = await catapult('run', 'toy', ...short, '--out', out);
    expect(recomputed.code).toBe(0);
    expect(recomputed.stdout).toMatch(/\(computed in [\d.]+ s\)/);
    expect(recomputed.stdout).not.toContain('from the run cache');
    const warnings = recomputed.stderr.trim().split('\n');
    expect(warnings, recomputed.stderr).toHaveLength(1);
    expect(warnings[0]).toMatch(/^catapult: warning: cached run .*\.json is not valid JSON/);
  });

  test('the same command replaces its output; --force writes beside other files', async () => {
    const out = join(root, 'run');
    await writeFile(join(out, 'steps.csv'), 'stale');
    const replaced = await catapult('run', 'toy', ...short, '--out', out);
    expect(replaced.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(
      [outputMarker, 'catapults.csv', 'run.json', 'sharpness.csv', 'steps.csv'].sort(),
    );
    expect(await readFile(join(out, 'steps.csv'), 'utf8')).toMatch(/^step,loss/);

    const sweep = await catapult(
      'sweep',
      'toy',
      '--grid',
      'steps=300',
      '--jobs',
      '0',
      '--out',
      out,
    );
    expect(sweep.stderr).toMatch(
      /already holds the output of catapult run, not written by catapult sweep/,
    );
    expect(sweep.code).toBe(2);

    const notes = join(root, 'notes');
    const forced = await catapult('run', 'toy', ...short, '--out', notes, '--force');
    expect(forced.code).toBe(0);
    expect(await readFile(join(notes, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readdir(notes)).toContain('run.json');
  });
});

describe('help and listings', () => {
  test('list toy shows the schedule kinds and the fields each needs', async () => {
    const list = await catapult('list', 'toy');
    expect(list.stdout).toMatch(/schedule.firstSteps +\(unset; step-warmup only\)/);
    expect(list.stdout).toMatch(/step-warmup +schedule.firstSteps, schedule.firstFraction/);
    expect(list.stdout).toMatch(/linear-warmup \(default\) +schedule.warmupSteps/);
  });

  test('sweep --help says what range(a,b) holds: b is excluded', async () => {
    const help = await catapult('sweep', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('range(a,b) (the integers a … b−1: b is excluded');
  });
});

describe('shared checks', () => {
  test('CI is set only by a value other than "", 0 or false', () => {
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ CI: '1' })).toBe(true);
    expect(isCI({})).toBe(false);
    for (const value of ['', '0', 'false', 'FALSE', ' false ']) {
      expect(isCI({ CI: value })).toBe(false);
    }
  });

  test('a baseline that is not JSON is a ConfigError naming its file', async () => {
    const folder = join(root, 'baselines', 'quick', 'toy');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'fig3-gd-stepwise.json'), '{"format": ');
    const error = await readBaseline('toy/fig3-gd-stepwise', 'quick').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/baselines\/quick\/toy\/fig3-gd-stepwise.json is not valid JSON/);
  });
});

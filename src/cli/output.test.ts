import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { toyExperiment } from '../experiments/toy.ts';
import { UsageError } from './errors.ts';
import { changesFromDefaults, resolveConfig } from './experiment-file.ts';
import { csvCell, csvTable, genericCsv } from './output.ts';
import {
  outputFolder,
  outputMarker,
  planOutputFolder,
  writeOutputFolder,
} from './output-folder.ts';
import { createProgress, progressLine } from './progress.ts';

describe('CSV', () => {
  test('cells keep full precision, spell out non-finite numbers and quote when needed', () => {
    expect(csvCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvCell(Number.NaN)).toBe('NaN');
    expect(csvCell(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(csvCell(null)).toBe('');
    expect(csvCell('x²/(2y)')).toBe('x²/(2y)');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvTable(['a', 'b'], [[1, true]])).toBe('a,b\n1,true\n');
  });

  test('a result that is not a training record gives one table per common array length', () => {
    const files = genericCsv({ t: [0, 1], x: [5, 6], summary: { y: [1, 2, 3] }, label: 'z' });
    expect(Object.keys(files).sort()).toEqual(['traces-summary-y.csv', 'traces-t.csv']);
    expect(files['traces-t.csv']).toBe('index,t,x\n0,0,5\n1,1,6\n');
    expect(genericCsv({ x: [5, 6], t: [0, 1] })).toEqual(genericCsv({ t: [0, 1], x: [5, 6] }));
    expect(genericCsv({ t: [0, 1] })).toEqual({ 'traces.csv': 'index,t\n0,0\n1,1\n' });
  });
});

describe('output folders', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'catapult-out-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const write = async (folder: string, files: Record<string, string>, force = false) =>
    writeOutputFolder(await planOutputFolder(folder, 'run', force), files);

  test('a new folder appears with every file at once, and the marker naming them', async () => {
    const folder = join(root, 'a', 'run');
    await write(folder, { 'x.csv': 'x\n', 'run.json': '{}\n' });
    expect((await readdir(folder)).sort()).toEqual([outputMarker, 'run.json', 'x.csv']);
    expect(await readdir(join(root, 'a'))).toEqual(['run']);
    const marker = JSON.parse(await readFile(join(folder, outputMarker), 'utf8'));
    expect(marker).toEqual({
      format: 'catapult-output/1',
      command: 'run',
      files: ['x.csv', 'run.json'],
    });
  });

  test('an earlier output of the same command is replaced as a whole', async () => {
    const folder = join(root, 'run');
    await write(folder, { 'steps.csv': 'old', 'run.json': 'old' });
    await write(folder, { 'traces.csv': 'new', 'run.json': 'new' });
    expect((await readdir(folder)).sort()).toEqual([outputMarker, 'run.json', 'traces.csv']);
    expect(await readFile(join(folder, 'run.json'), 'utf8')).toBe('new');
    expect(await readdir(root)).toEqual(['run']);
  });

  test('other files or another command’s output are refused without --force', async () => {
    const folder = join(root, 'run');
    await mkdir(folder);
    await writeFile(join(folder, 'notes.txt'), 'mine');
    await expect(planOutputFolder(folder, 'run', false)).rejects.toThrow(
      /already holds 1 file\(s\) \(notes.txt\), not written by catapult run; .*--force/,
    );
    await write(folder, { 'run.json': 'new' }, true);
    expect(await readFile(join(folder, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(folder, 'run.json'), 'utf8')).toBe('new');
    // notes.txt is not the run's own file, so the next run needs --force again.
    await expect(planOutputFolder(folder, 'run', false)).rejects.toThrow(UsageError);

    const sweep = join(root, 'sweep');
    await writeOutputFolder(await planOutputFolder(sweep, 'sweep', false), { 'sweep.csv': 'x' });
    await expect(planOutputFolder(sweep, 'run', false)).rejects.toThrow(
      /already holds the output of catapult sweep, not written by catapult run/,
    );
    const empty = join(root, 'empty');
    await mkdir(empty);
    expect((await planOutputFolder(empty, 'run', false)).mode).toBe('new');
  });

  test('an unwritable folder is one line, found before any work, with no leftovers', async () => {
    await writeFile(join(root, 'file'), 'x');
    await expect(planOutputFolder(join(root, 'file', 'sub', 'run'), 'run', false)).rejects.toThrow(
      /^cannot write --out .*file\/sub\/run: a part of the path is a file, not a folder/,
    );
    await expect(planOutputFolder('/proc/catapult-test/run', 'run', false)).rejects.toThrow(
      'cannot write --out /proc/catapult-test/run: a folder on the path cannot be created there',
    );
    const deep = join(root, 'new', 'deeper', 'run');
    expect((await planOutputFolder(deep, 'run', false)).mode).toBe('new');
    expect(await readdir(root)).toEqual(['file']);
  });

  test('an empty --out is refused, naming the option', () => {
    expect(() => outputFolder('', '/x/default')).toThrow(/^--out is empty; give a folder path/);
    expect(outputFolder(undefined, '/x/default')).toBe('/x/default');
  });

  test('a write that fails part-way leaves the existing folder as it was', async () => {
    const folder = join(root, 'run');
    await write(folder, { 'run.json': 'old' });
    const plan = await planOutputFolder(folder, 'run', false);
    const failing = writeOutputFolder(plan, { 'run.json': 'new', 'missing/x.csv': 'x' });
    await expect(failing).rejects.toThrow(/^cannot write --out .*run: /);
    expect(await readFile(join(folder, 'run.json'), 'utf8')).toBe('old');
    expect(await readdir(root)).toEqual(['run']);
  });
});

describe('configuration from defaults, file, --set and --seed', () => {
  test('later sources win and every change from the defaults is listed', () => {
    const config = resolveConfig(toyExperiment, {
      file: { config: { optimizer: { learningRate: 3, momentum: 0 }, steps: 100 } },
      filePath: 'f.json',
      sets: ['optimizer.learningRate=5'],
      seed: '7',
    }) as typeof toyExperiment.defaults;
    expect(config.optimizer).toEqual({
      ...toyExperiment.defaults.optimizer,
      learningRate: 5,
      momentum: 0,
    });
    expect(changesFromDefaults(toyExperiment, config).map((c) => [c.path, c.value])).toEqual([
      ['seed', 7],
      ['optimizer.learningRate', 5],
      ['optimizer.momentum', 0],
      ['steps', 100],
    ]);
  });

  test('--set applies after the file: only the merged configuration is validated', () => {
    const file = { config: { optimizer: { learningRate: -1 } } };
    const config = resolveConfig(toyExperiment, {
      file,
      filePath: 'f.json',
      sets: ['optimizer.learningRate=3'],
    }) as typeof toyExperiment.defaults;
    expect(config.optimizer.learningRate).toBe(3);
    expect(() =>
      resolveConfig(toyExperiment, { file, filePath: 'f.json', sets: ['steps=0'] }),
    ).toThrow(
      'f.json: config.optimizer.learningRate must be > 0, got -1; ' +
        '--set: config.steps must be >= 1, got 0',
    );
  });

  test('each problem is one line that names its source, the field, the rule and the value', () => {
    const bad = (sources: Parameters<typeof resolveConfig>[1]) => () =>
      resolveConfig(toyExperiment, sources);
    expect(bad({ sets: ['optimizer.learningRate=-1'] })).toThrow(
      '--set: config.optimizer.learningRate must be > 0, got -1',
    );
    expect(bad({ file: { config: { steps: 0 } }, filePath: 'f.json', sets: [] })).toThrow(
      'f.json: config.steps must be >= 1, got 0',
    );
    expect(bad({ file: { config: { optimiser: {} } }, filePath: 'f.json', sets: [] })).toThrow(
      /^f.json: unknown parameter "optimiser" of experiment toy; accepted: seed/,
    );
    expect(bad({ sets: [], seed: 'x' })).toThrow('--seed must be a non-negative integer, got "x"');
    expect(bad({ sets: ['steps=1.5'] })).toThrow('--set: config.steps must be an integer, got 1.5');
  });
});

describe('progress', () => {
  test('a line has the count, the percentage, the rate and the time left', () => {
    expect(progressLine('run toy', 1000, 4000, 'steps', 2)).toBe(
      'run toy: 1000/4000 steps (25%), 500 steps/s, about 6.0 s left',
    );
    expect(progressLine('sweep toy', 6, 6, 'cells', 90)).toBe(
      'sweep toy: 6/6 cells (100%), 0.0667 cells/s, done in 1 min 30 s',
    );
  });

  test('plain lines come at most every few seconds, and always at the end', () => {
    const written: string[] = [];
    let clock = 0;
    const progress = createProgress({
      label: 'run toy',
      total: 4,
      unit: 'steps',
      mode: 'lines',
      lineSeconds: 5,
      now: () => clock,
      stream: { write: (text: string) => written.push(text) } as never,
    });
    clock = 1;
    progress.update(1);
    clock = 6;
    progress.update(2);
    clock = 7;
    progress.update(3);
    clock = 8;
    progress.update(4);
    progress.finish();
    expect(written).toEqual([
      'run toy: 2/4 steps (50%), 0.333 steps/s, about 6.0 s left\n',
      'run toy: 4/4 steps (100%), 0.5 steps/s, done in 8.0 s\n',
    ]);
  });
});

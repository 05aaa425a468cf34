import { describe, expect, test } from 'vitest';
import { toyExperiment } from '../experiments/toy.ts';
import { UsageError } from './errors.ts';
import {
  checkParameter,
  gridAxis,
  gridCells,
  gridValues,
  leafParameters,
  parameterTree,
  parseAssignment,
  parseValue,
  setParameter,
  unknownParameters,
} from './parameters.ts';

const tree = parameterTree(toyExperiment.schema);

describe('parameter paths from a schema', () => {
  test('the toy has its optimizer fields and every schedule kind’s fields as parameters', () => {
    expect(tree.get('optimizer')).toEqual([
      'learningRate',
      'momentum',
      'fairComparison',
      'momentumInX',
    ]);
    const leaves = leafParameters(tree);
    for (const path of ['seed', 'init.y', 'schedule.warmupSteps', 'schedule.firstFraction']) {
      expect(leaves).toContain(path);
    }
    expect(leaves).not.toContain('optimizer');
  });

  test('an unknown parameter names what its nearest known parent accepts', () => {
    expect(() => checkParameter(tree, 'optimizer.lr', 'toy')).toThrow(
      'unknown parameter "optimizer.lr" of experiment toy; optimizer accepts: learningRate, ' +
        'momentum, fairComparison or momentumInX (catapult list toy shows every parameter)',
    );
    expect(() => checkParameter(tree, 'lr', 'toy')).toThrow(/accepted: seed, loss, init/);
    expect(() => checkParameter(tree, 'steps.x', 'toy')).toThrow(/steps is a single value/);
    expect(() => checkParameter(tree, 'optimizer.momentum', 'toy')).not.toThrow();
    expect(() => checkParameter(tree, 'init', 'toy')).not.toThrow();
  });

  test('unknownParameters finds unknown keys at any depth of a fragment', () => {
    expect(unknownParameters(tree, { optimizer: { lr: 1, momentum: 0 }, foo: 2 })).toEqual([
      'optimizer.lr',
      'foo',
    ]);
    expect(unknownParameters(tree, { init: { x: 1 }, steps: 5 })).toEqual([]);
  });
});

describe('values from the command line', () => {
  test('numbers, booleans, null, JSON and plain words', () => {
    expect(parseValue('5')).toBe(5);
    expect(parseValue('-1e-3')).toBe(-0.001);
    expect(parseValue('.5')).toBe(0.5);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('null')).toBe(null);
    expect(parseValue('{"x": 1}')).toEqual({ x: 1 });
    expect(parseValue('x2-over-2y')).toBe('x2-over-2y');
    expect(parseValue('abc')).toBe('abc');
    expect(() => parseValue('{x: 1}', '--set init')).toThrow(
      /--set init "\{x: 1\}" is not valid JSON/,
    );
  });

  test('numbers a double cannot hold are refused, not rounded to 0 or Infinity', () => {
    expect(() => parseValue('1e-400', '--set x')).toThrow(
      '--set x: 1e-400 is not representable as a double (it would become 0)',
    );
    expect(() => parseValue('-2e308')).toThrow(/it would become -Infinity/);
    expect(parseValue('0e-400')).toBe(0);
    expect(parseValue('5e-324')).toBe(5e-324);
    expect(() => gridValues('linspace(1e-400,1,3)', '--grid x')).toThrow(/not representable/);
  });

  test('key=value splits at the first "=" and needs a dotted name', () => {
    expect(parseAssignment('a.b=c=d', '--set')).toEqual({ path: 'a.b', text: 'c=d' });
    expect(() => parseAssignment('optimizer.learningRate', '--set')).toThrow(UsageError);
    expect(() => parseAssignment('=5', '--set')).toThrow(/--set expects key=value/);
    expect(() => parseAssignment('a..b=5', '--set')).toThrow(/dotted parameter name/);
  });
});

describe('changing a configuration', () => {
  const schedule = { kind: 'linear-warmup', warmupSteps: 10, initialFraction: 0 };

  test('setParameter replaces one value and leaves the input unchanged', () => {
    const config = { optimizer: { learningRate: 2, momentum: 0.9 }, schedule };
    const changed = setParameter(config, 'optimizer.learningRate', 5);
    expect(changed).toEqual({ optimizer: { learningRate: 5, momentum: 0.9 }, schedule });
    expect(config.optimizer.learningRate).toBe(2);
  });

  test('setting a new kind starts the object afresh; the same kind keeps its fields', () => {
    expect(setParameter({ schedule }, 'schedule.kind', 'constant')).toEqual({
      schedule: { kind: 'constant' },
    });
    expect(setParameter({ schedule }, 'schedule.kind', 'linear-warmup')).toEqual({ schedule });
  });
});

describe('grids', () => {
  test('lists, linspace, logspace and range', () => {
    expect(gridValues('1,2,5')).toEqual([1, 2, 5]);
    expect(gridValues('linspace(1,2,3)')).toEqual([1, 1.5, 2]);
    expect(gridValues('logspace(-2, 0, 3)')).toEqual([0.01, 0.1, 1]);
    expect(gridValues('range(0,3)')).toEqual([0, 1, 2]);
    expect(gridValues('linspace(4,9,1)')).toEqual([4]);
    expect(gridValues('a,b')).toEqual(['a', 'b']);
  });

  test('logspace(-4, -1, 13) has 13 points, 10^-4 to 10^-1 (the LDN sweep’s rates)', () => {
    const values = gridValues('logspace(-4,-1,13)') as number[];
    expect(values).toHaveLength(13);
    expect(values[0]).toBe(1e-4);
    expect(values[12]).toBe(0.1);
    expect(values[3]).toBe(10 ** -3.25);
  });

  test('an axis knows its size before its values are made (1e10 values never are)', () => {
    const axis = gridAxis('linspace(1,2,1e10)');
    expect(axis.count).toBe(1e10);
    expect(axis.at(1e10 - 1)).toBe(2);
    expect(gridAxis('range(-2,3)').count).toBe(5);
    expect(gridAxis('1,2,5').count).toBe(3);
  });

  test('malformed grids are usage errors that say what is accepted', () => {
    for (const text of ['logspace(1,2)', 'linspace(a,b,3)', 'range(3,1)', 'linspace(1,2,0)', '']) {
      expect(() => gridValues(text, '--grid x')).toThrow(UsageError);
    }
    expect(() => gridValues('logspace(1,2)', '--grid x')).toThrow(/linspace\(a,b,n\)/);
  });

  test('cells are the product of the axes, the first axis varying slowest', () => {
    expect(
      gridCells([
        { path: 'a', values: [1, 2] },
        { path: 'b', values: ['x', 'y'] },
      ]),
    ).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(gridCells([])).toEqual([{}]);
  });
});

import { describe, expect, test } from 'vitest';
import { noteFor, schemaPaths } from '../engine/parameters.ts';
import { experiments } from './index.ts';

describe.each(Object.entries(experiments))('experiment %s', (_name, experiment) => {
  test("every field of its configuration schema has a provenance tag (its own or a parent's)", () => {
    const missing = schemaPaths(experiment.schema).filter(
      (path) => !noteFor(path, experiment.parameters),
    );
    expect(missing).toEqual([]);
  });
});

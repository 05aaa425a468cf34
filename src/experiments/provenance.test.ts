import { describe, expect, test } from 'vitest';
import { experiments } from './index.ts';

/**
 * Every leaf field path of a JSON Schema (objects by `properties`, unions by `oneOf` /
 * `anyOf` / `allOf`), as dotted paths; `additionalProperties` maps count as one leaf.
 */
function schemaPaths(schema: unknown, prefix = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [prefix];
  const node = schema as Record<string, unknown>;
  const branches = ['oneOf', 'anyOf', 'allOf'].flatMap((k) => (node[k] as unknown[]) ?? []);
  const properties = node.properties as Record<string, unknown> | undefined;
  if (!properties && branches.length === 0) return [prefix];
  const paths = [
    ...Object.entries(properties ?? {}).flatMap(([key, child]) =>
      schemaPaths(child, prefix ? `${prefix}.${key}` : key),
    ),
    ...branches.flatMap((branch) => schemaPaths(branch, prefix)),
  ];
  return [...new Set(paths.filter((p) => p !== ''))];
}

describe.each(Object.entries(experiments))('experiment %s', (_name, experiment) => {
  test('every field of its configuration schema has a provenance tag (an entry or a parent entry)', () => {
    const documented = Object.keys(experiment.parameters);
    const missing = schemaPaths(experiment.schema).filter(
      (path) => !documented.some((d) => path === d || path.startsWith(`${d}.`)),
    );
    expect(missing).toEqual([]);
  });
});

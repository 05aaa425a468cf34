import type { ParameterNote } from './run.ts';

/**
 * The dotted paths of every leaf field of a configuration's JSON Schema: objects through
 * `properties`, unions through `oneOf`, `anyOf` and `allOf` (so the fields of every schedule
 * kind appear, not only those of the default one); arrays and maps are leaves, as the report's
 * flattened configurations treat them. Sorted.
 *
 * @example
 * schemaPaths({ properties: { seed: {}, schedule: { oneOf: [
 *   { properties: { kind: {}, warmupSteps: {} } }, { properties: { kind: {}, delaySteps: {} } },
 * ] } } });
 * // ["schedule.delaySteps", "schedule.kind", "schedule.warmupSteps", "seed"]
 */
export function schemaPaths(schema: unknown): string[] {
  const paths = new Set<string>();
  const visit = (node: unknown, path: string): void => {
    const fields = (node ?? {}) as Record<string, unknown>;
    const properties = fields['properties'] as Record<string, unknown> | undefined;
    const unions = ['oneOf', 'anyOf', 'allOf'].flatMap((k) => (fields[k] as unknown[]) ?? []);
    if (properties === undefined && unions.length === 0) {
      if (path !== '') paths.add(path);
      return;
    }
    for (const [key, child] of Object.entries(properties ?? {})) {
      visit(child, path === '' ? key : `${path}.${key}`);
    }
    for (const branch of unions) visit(branch, path);
  };
  visit(schema, '');
  return [...paths].sort();
}

/**
 * The provenance note of a parameter: the entry for its own path or, failing that, for its
 * longest dotted prefix ("prefixes apply to children", Experiment.parameters). A sibling
 * does not count: an entry for `schedule.kind` says nothing about `schedule.delaySteps`.
 */
export function noteFor(
  path: string,
  notes: Record<string, ParameterNote>,
): ParameterNote | undefined {
  let best: string | undefined;
  for (const key of Object.keys(notes)) {
    const matches = path === key || path.startsWith(`${key}.`);
    if (matches && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : notes[best];
}

import { describe, expect, test } from 'vitest';
import type { ResultsFile } from '../claims/reporter.ts';
import { claimFiles } from './claims.ts';
import { mergeResults, selectClaims, titlePattern } from './results.ts';

type Claim = ResultsFile['claims'][number];

function claim(id: string, verdict: Claim['verdict'], key: string): Claim {
  return {
    id,
    verdict,
    runs: [{ label: id, key }],
    baseline: { status: 'match', verdict, comparisons: {}, problems: [] },
  } as unknown as Claim;
}

function results(claims: Claim[], fingerprint = 'f1', profile = 'quick'): ResultsFile {
  return {
    format: 'catapult-results/1',
    generatedAt: '2026-01-01T00:00:00.000Z',
    profile,
    wallSeconds: 1,
    provenance: { codeFingerprint: fingerprint } as ResultsFile['provenance'],
    counts: { reproduced: 0, notReproduced: 0, baselineFailures: 0, errors: 0 },
    claims,
    errors: [],
    runs: Object.fromEntries(claims.flatMap((c) => c.runs.map((r) => [r.key, r]))) as never,
  };
}

describe('merging a run of some claims into the stored results', () => {
  const stored = results([claim('g/a', 'reproduced', 'k1'), claim('g/b', 'reproduced', 'k2')]);

  test('replaces the claims run again in place, keeps the others, recounts', () => {
    const fresh = results([claim('g/b', 'not-reproduced', 'k3'), claim('g/c', 'reproduced', 'k4')]);
    const merged = mergeResults(stored, fresh);
    expect(merged.claims.map((c) => [c.id, c.verdict])).toEqual([
      ['g/a', 'reproduced'],
      ['g/b', 'not-reproduced'],
      ['g/c', 'reproduced'],
    ]);
    expect(merged.counts).toMatchObject({ reproduced: 2, notReproduced: 1, errors: 0 });
    expect(Object.keys(merged.runs).sort()).toEqual(['k1', 'k3', 'k4']);
  });

  test('a claim that now fails to run leaves the claims and joins the errors', () => {
    const fresh = { ...results([]), errors: [{ id: 'g/a', title: 'A', figure: 'F', error: 'x' }] };
    const merged = mergeResults(stored, fresh);
    expect(merged.claims.map((c) => c.id)).toEqual(['g/b']);
    expect(merged.errors.map((e) => e.id)).toEqual(['g/a']);
  });

  test('only claims skipped on purpose stay skipped; ones a filter left out do not count', () => {
    const info = (id: string, skipReason?: string) => ({
      id,
      title: id,
      figure: 'F',
      section: 'S',
      skipReason,
    });
    const older = { ...stored, skipped: [info('g/x'), info('g/y', 'no data')] };
    const fresh = { ...results([claim('g/b', 'reproduced', 'k2')]), skipped: [info('g/z')] };
    const merged = mergeResults(older, fresh);
    expect(merged.skipped?.map((s) => s.id)).toEqual(['g/y']);
    expect(merged.counts.skipped).toBe(1);
  });

  test('results of another profile or other numeric code are not mixed in', () => {
    const other = results([claim('g/b', 'reproduced', 'k9')], 'f2');
    expect(mergeResults(stored, other)).toBe(other);
    const paper = results([claim('g/b', 'reproduced', 'k9')], 'f1', 'paper');
    expect(mergeResults(stored, paper)).toBe(paper);
  });
});

describe('choosing claims', () => {
  const catalogue = [
    { id: 'toy/a', title: 'A holds (Fig. 3)' },
    { id: 'toy/b', title: 'B? holds [x]' },
    { id: 'ldn/c', title: 'C' },
  ] as never;

  test('an unknown id names the claims of its group, or the groups', () => {
    expect(() => selectClaims(catalogue, ['toy/z'])).toThrow(
      'unknown claim "toy/z"; claims of toy: toy/a, toy/b (catapult list claims shows every claim)',
    );
    expect(() => selectClaims(catalogue, ['nn/z'])).toThrow(
      /; a claim group \(toy, ldn\) or a claim id/,
    );
  });

  test('a group name stands for every claim of the group, each claim once', () => {
    expect(selectClaims(catalogue, ['toy']).map((c) => (c as { id: string }).id)).toEqual([
      'toy/a',
      'toy/b',
    ]);
    expect(selectClaims(catalogue, ['toy/b', 'toy', 'ldn']).map((c) => c.id)).toEqual([
      'toy/b',
      'toy/a',
      'ldn/c',
    ]);
  });

  test('the title pattern matches exactly the chosen titles, special characters and all', () => {
    const pattern = new RegExp(titlePattern(selectClaims(catalogue, ['toy/a', 'toy/b'])));
    expect(pattern.test('A holds (Fig. 3)')).toBe(true);
    expect(pattern.test('B? holds [x]')).toBe(true);
    expect(pattern.test('A holds (Fig. 3) too')).toBe(false);
    expect(pattern.test('C')).toBe(false);
  });

  test('vitest collects only the claim files that name the chosen ids', async () => {
    expect(await claimFiles(['toy/fig3-gd-stepwise', 'toy/appc-y-limit'])).toEqual([
      'claims/toy-late-phase.spec.ts',
      'claims/toy.spec.ts',
    ]);
    expect(await claimFiles(['toy/not-written-anywhere'])).toBeUndefined();
  });
});

import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { writeJsonAtomic } from '../engine/json.ts';
import { projectRoot, provenance } from '../engine/provenance.ts';
import type { ClaimInfo, ClaimResult, ClaimRun } from './claim.ts';
import { currentProfile } from './profile.ts';

/** A claim whose measurement threw before it produced a result. */
export interface ClaimFailure {
  id: string;
  title: string;
  figure: string;
  error: string;
}

declare module 'vitest' {
  interface TaskMeta {
    claimFailure?: ClaimFailure;
  }
}

/** The file the report is built from (`reports/results.json`). */
export interface ResultsFile {
  format: 'catapult-results/1';
  generatedAt: string;
  profile: string;
  wallSeconds: number;
  provenance: Awaited<ReturnType<typeof provenance>>;
  counts: {
    reproduced: number;
    notReproduced: number;
    baselineFailures: number;
    errors: number;
    /** Claims skipped on purpose (ClaimDefinition.skip); claims a filter left out are not. */
    skipped?: number;
  };
  /** Claims in the order they ran, without traces (those are under `runs`). */
  claims: (Omit<ClaimResult, 'runs'> & { runs: { label: string; key: string }[] })[];
  errors: ClaimFailure[];
  /** Claims skipped on purpose in this run, with their reasons. */
  skipped?: ClaimInfo[];
  /** Every run a claim used, once, by run key. */
  runs: Record<string, ClaimRun>;
}

/** The results file: $CATAPULT_RESULTS, or reports/results.json in the repository. */
export function resultsPath(): string {
  return process.env.CATAPULT_RESULTS ?? join(projectRoot, 'reports', 'results.json');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The verdict table printed at the end of a run. */
export function verdictTable(results: ResultsFile): string {
  const rows = results.claims.map((c) => ({
    figure: c.figure,
    verdict: c.verdict === 'reproduced' ? 'reproduced' : 'NOT reproduced',
    baseline: c.baseline.status === 'match' ? '' : ` [baseline ${c.baseline.status}]`,
    id: c.id,
    summary: c.summary,
  }));
  const figureWidth = Math.max(6, ...rows.map((r) => r.figure.length));
  const idWidth = Math.max(5, ...rows.map((r) => r.id.length));
  const lines = [
    '',
    `Claims of the paper, ${results.profile} profile (${results.wallSeconds.toFixed(1)} s)`,
    `${pad('Figure', figureWidth)}  ${pad('Verdict', 14)}  ${pad('Claim', idWidth)}  Measured`,
    ...rows.map(
      (r) =>
        `${pad(r.figure, figureWidth)}  ${pad(r.verdict, 14)}  ${pad(r.id, idWidth)}  ` +
        `${r.summary}${r.baseline}`,
    ),
    ...results.errors.map(
      (e) =>
        `${pad(e.figure, figureWidth)}  ${pad('ERROR', 14)}  ${pad(e.id, idWidth)}  ${e.error}`,
    ),
    '',
    `${results.counts.reproduced} reproduced, ${results.counts.notReproduced} not reproduced` +
      `, ${results.counts.baselineFailures} differing from their baseline, ` +
      `${results.counts.errors} errors`,
    `Results: ${resultsPath()}`,
    '',
  ];
  return lines.join('\n');
}

/** Baseline changes accepted by an update, metric by metric. */
function driftReport(claims: ClaimResult[]): string {
  const lines: string[] = [];
  for (const c of claims.filter((x) => x.baseline.status === 'updated')) {
    if (c.baseline.verdict === null) {
      lines.push(`${c.id}: new baseline (verdict ${c.verdict})`);
      continue;
    }
    const changed = Object.entries(c.baseline.comparisons).filter(
      ([, cmp]) => cmp.difference !== 0,
    );
    const verdictNote =
      c.baseline.verdict !== c.verdict ? ` verdict ${c.baseline.verdict} -> ${c.verdict};` : '';
    const drift = changed.length === 0 ? 'no drift' : `${changed.length} metric(s) drifted`;
    lines.push(`${c.id}:${verdictNote} ${drift}`);
    for (const [name, cmp] of changed) {
      lines.push(
        `    ${name}: ${cmp.message}, ${(cmp.shareOfTolerance * 100).toFixed(0)}% of tolerance`,
      );
    }
    for (const problem of c.baseline.problems.filter((p) => p.startsWith('metric ')))
      lines.push(`    ${problem}`);
  }
  return lines.length === 0 ? '' : `\nBaseline updates (drift accepted):\n${lines.join('\n')}\n`;
}

/**
 * Collects every claim's result from vitest's task meta, prints the verdict table and
 * writes `reports/results.json` atomically. Runs without claim tests write nothing.
 */
export default class ClaimReporter implements Reporter {
  private started = performance.now();

  onInit(): void {
    this.started = performance.now();
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const claims: ClaimResult[] = [];
    const errors: ClaimFailure[] = [];
    const skipped: ClaimInfo[] = [];
    for (const module of testModules) {
      for (const testCase of module.children.allTests()) {
        const meta = testCase.meta();
        if (meta.claim) claims.push(meta.claim);
        else if (meta.claimFailure) errors.push(meta.claimFailure);
        // Only claims skipped on purpose count; ones a filter left out were not asked for.
        else if (meta.claimInfo?.skipReason && testCase.result().state === 'skipped')
          skipped.push(meta.claimInfo);
      }
    }
    if (claims.length === 0 && errors.length === 0) return;

    const runs: Record<string, ClaimRun> = {};
    for (const c of claims) for (const run of c.runs) runs[run.key] ??= run;
    const results: ResultsFile = {
      format: 'catapult-results/1',
      generatedAt: new Date().toISOString(),
      profile: currentProfile(),
      wallSeconds: (performance.now() - this.started) / 1000,
      provenance: await provenance(),
      counts: {
        reproduced: claims.filter((c) => c.verdict === 'reproduced').length,
        notReproduced: claims.filter((c) => c.verdict === 'not-reproduced').length,
        baselineFailures: claims.filter((c) => !['match', 'updated'].includes(c.baseline.status))
          .length,
        errors: errors.length,
        skipped: skipped.length,
      },
      claims: claims.map((c) => ({
        ...c,
        runs: c.runs.map((r) => ({ label: r.label, key: r.key })),
      })),
      errors,
      skipped,
      runs,
    };
    await writeJsonAtomic(resultsPath(), results);
    process.stdout.write(verdictTable(results) + driftReport(claims));
  }
}

/**
 * `catapult verify`, `catapult baselines diff|update` and `catapult report`: the claims
 * and their baselines from the command line. Baselines are checked and written only by
 * the existing code (src/baselines/check.ts and update.ts, the claim runner).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { baselineProblems } from '../baselines/check.ts';
import type { ClaimResult } from '../claims/claim.ts';
import { isCI } from '../claims/profile.ts';
import { type ResultsFile, resultsPath } from '../claims/reporter.ts';
import { projectRoot } from '../engine/provenance.ts';
import { ConfigError } from '../engine/validate.ts';
import { loadResults } from '../report/results.ts';
import { chosenClaims, runClaims } from './claims.ts';
import { applyProfile, shown } from './common.ts';
import { exitCodes, UsageError } from './errors.ts';
import { readResults } from './results.ts';

export interface ClaimOptions {
  profile?: string;
}

/**
 * Runs the named claims (or all; a group name stands for its claims); exit 0 when every
 * one that ran reproduced and matched its baseline. Claims skipped on purpose
 * (ClaimDefinition.skip) are listed with their reason and are not failures.
 */
export async function verifyCommand(ids: string[], options: ClaimOptions): Promise<number> {
  const profile = applyProfile(options.profile);
  const claims = await chosenClaims(ids);
  const { fresh, vitestExitCode, missing } = await runClaims(claims, ids.length === 0, profile);
  const wanted = new Set(claims.map((c) => c.id));
  const skipped = claims.filter((c) => c.skip !== undefined);
  const measured = (fresh?.claims ?? []).filter((c) => wanted.has(c.id));
  const problems = [
    ...measured.filter((c) => c.verdict !== 'reproduced').map((c) => `${c.id} not reproduced`),
    ...measured
      .filter((c) => !['match', 'updated'].includes(c.baseline.status))
      .map((c) => `${c.id} baseline ${c.baseline.status}`),
    ...(fresh?.errors ?? []).filter((e) => wanted.has(e.id)).map((e) => `${e.id} failed to run`),
    ...missing
      .filter((id) => !fresh?.errors.some((e) => e.id === id))
      .filter((id) => !skipped.some((c) => c.id === id))
      .map((id) => `${id} did not run`),
  ];
  const reproduced = measured.length - measured.filter((c) => c.verdict !== 'reproduced').length;
  // vitest fails a run in which every chosen test was skipped; that is not a failure here.
  const vitestOk = vitestExitCode === 0 || skipped.length === claims.length;
  const ok = problems.length === 0 && vitestOk;
  const reasons = [...new Set(skipped.map((c) => c.skip))].join('; ');
  process.stdout.write(
    `catapult verify: ${reproduced} of ${claims.length - skipped.length} claim(s) reproduced` +
      (skipped.length > 0 ? `, ${skipped.length} skipped (${reasons})` : '') +
      (problems.length > 0 ? `; ${problems.join('; ')}` : '') +
      (ok ? '' : ` (exit ${exitCodes.failed})`) +
      '\n',
  );
  return ok ? exitCodes.ok : exitCodes.failed;
}

export interface DiffOptions extends ClaimOptions {
  /** Read the stored results instead of running the claims. */
  stored: boolean;
}

function percent(share: unknown): string {
  const value = Number(share);
  return Number.isFinite(value) ? `${(100 * value).toFixed(0)}% of tolerance` : 'no tolerance';
}

/** The drift lines of one claim; `beyond` counts what is outside tolerance. */
function driftLines(c: Omit<ClaimResult, 'runs'>): { lines: string[]; beyond: number } {
  const { baseline } = c;
  if (baseline.status === 'missing') {
    return {
      lines: [`${c.id}: no baseline (record one with: catapult baselines update ${c.id})`],
      beyond: 1,
    };
  }
  if (baseline.status === 'error') {
    return { lines: [`${c.id}: baseline unreadable: ${baseline.problems.join('; ')}`], beyond: 1 };
  }
  const lines: string[] = [];
  let beyond = 0;
  if (baseline.verdict !== null && baseline.verdict !== c.verdict) {
    lines.push(`    ✗ verdict: baseline ${baseline.verdict}, now ${c.verdict}`);
    beyond++;
  }
  for (const [name, cmp] of Object.entries(baseline.comparisons)) {
    if (cmp.ok && Number(cmp.difference) === 0) continue;
    if (!cmp.ok) beyond++;
    lines.push(
      `    ${cmp.ok ? ' ' : '✗'} ${name}: ${cmp.message} (${percent(cmp.shareOfTolerance)})`,
    );
  }
  for (const problem of baseline.problems.filter((p) => p.startsWith('metric '))) {
    lines.push(`    ✗ ${problem}`);
    beyond++;
  }
  const drifted = lines.length;
  const head =
    drifted === 0
      ? `${c.id}: no drift`
      : `${c.id}: ${drifted} difference(s), ${beyond} beyond tolerance`;
  return { lines: [head, ...lines], beyond };
}

/**
 * Shows, metric by metric, how the named claims' numbers (freshly run, or the stored
 * results with --stored) differ from their baselines, and the baseline bookkeeping.
 */
export async function baselinesDiffCommand(ids: string[], options: DiffOptions): Promise<number> {
  const profile = applyProfile(options.profile);
  const claims = await chosenClaims(ids);
  let results: ResultsFile | undefined;
  if (options.stored) {
    const path = resultsPath();
    results = await readResults(path);
    if (!results) throw new UsageError(`--stored: ${shown(path)} does not exist yet`);
    if (results.profile !== profile) {
      throw new UsageError(
        `--stored: ${shown(path)} holds the ${results.profile} profile, not ${profile}`,
      );
    }
  } else {
    results = (await runClaims(claims, ids.length === 0, profile)).fresh;
  }

  const lines = [`Drift against baselines/${profile}/ (value, baseline, difference, allowed):`];
  let beyond = 0;
  for (const claim of claims) {
    const measured = results?.claims.find((c) => c.id === claim.id);
    if (!measured) {
      const why = options.stored ? `not in ${shown(resultsPath())}` : 'it failed to run';
      lines.push(`${claim.id}: no result (${why})`);
      beyond++;
      continue;
    }
    const drift = driftLines(measured);
    lines.push(...drift.lines);
    beyond += drift.beyond;
  }
  const bookkeeping = await baselineProblems(profile);
  if (bookkeeping.length > 0) lines.push('Bookkeeping:', ...bookkeeping.map((p) => `    ${p}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return beyond === 0 && bookkeeping.length === 0 ? exitCodes.ok : exitCodes.failed;
}

/** Rewrites the named baselines (or all) through src/baselines/update.ts; refused under CI. */
export async function baselinesUpdateCommand(ids: string[], options: ClaimOptions) {
  if (isCI()) {
    throw new UsageError(
      `baselines update is refused when CI is set (CI=${process.env.CI}): baselines are ` +
        'written only by hand, on purpose',
    );
  }
  const profile = applyProfile(options.profile);
  await chosenClaims(ids);
  const run = await execa('tsx', [join(projectRoot, 'src', 'baselines', 'update.ts'), ...ids], {
    cwd: projectRoot,
    preferLocal: true,
    reject: false,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { CATAPULT_PROFILE: profile },
  });
  return run.exitCode ?? exitCodes.failed;
}

/**
 * Rebuilds the report from the stored results with the project's `npm run report`, after
 * checking that the results file exists and is one (a UsageError, exit 2, otherwise).
 */
export async function reportCommand(args: readonly string[] = []): Promise<number> {
  const path = resultsPath();
  if (!(await readResults(path))) {
    throw new UsageError(
      `${shown(path)} does not exist yet; run catapult verify (or npm run reproduce) first`,
    );
  }
  try {
    await loadResults(path);
  } catch (error) {
    const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
    throw new UsageError(
      `${shown(path)} is not a complete results file: ${problems.slice(0, 3).join('; ')}` +
        `${problems.length > 3 ? `; and ${problems.length - 3} more` : ''} ` +
        '(rebuild it with catapult verify)',
    );
  }
  const manifest = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!manifest.scripts?.report) {
    process.stderr.write(
      'catapult: package.json has no "report" script to build the report with\n',
    );
    return exitCodes.failed;
  }
  const run = await execa('npm', ['run', '--silent', 'report', '--', ...args], {
    cwd: projectRoot,
    reject: false,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return run.exitCode ?? exitCodes.failed;
}

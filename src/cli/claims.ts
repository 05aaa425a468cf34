/**
 * Running claims from the command: the claims project of vitest, filtered to the named
 * claims, with the claim reporter writing to a scratch results file in the system's
 * temporary folder, which is merged into reports/results.json and then deleted.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Profile } from '../baselines/store.ts';
import { loadClaimCatalogue } from '../claims/catalogue.ts';
import type { ClaimDefinition } from '../claims/claim.ts';
import { type ResultsFile, resultsPath } from '../claims/reporter.ts';
import { writeJsonAtomic } from '../engine/json.ts';
import { projectRoot } from '../engine/provenance.ts';
import { shown } from './common.ts';
import { mergeResults, readResults, selectClaims, titlePattern } from './results.ts';

/** The claims named (all of them when none are), checked against the catalogue first. */
export async function chosenClaims(ids: readonly string[]): Promise<ClaimDefinition[]> {
  const catalogue = await loadClaimCatalogue();
  return ids.length === 0 ? [...catalogue] : selectClaims(catalogue, ids);
}

/**
 * The claim files that name these claim ids literally (`'toy/fig3-gd-stepwise'`), so that
 * vitest collects only them; undefined (every file) when an id is not found that way.
 */
export async function claimFiles(ids: readonly string[]): Promise<string[] | undefined> {
  const folder = join(projectRoot, 'claims');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.spec.ts')).sort();
  const texts = await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')));
  const named = (text: string, id: string) => text.includes(`'${id}'`) || text.includes(`"${id}"`);
  if (!ids.every((id) => texts.some((text) => named(text, id)))) return undefined;
  return names
    .filter((_, i) => ids.some((id) => named(texts[i]!, id)))
    .map((name) => `claims/${name}`);
}

/** What a claims run produced. */
export interface ClaimsRun {
  /** This run's results (only the claims it ran), or undefined when vitest wrote none. */
  fresh: ResultsFile | undefined;
  vitestExitCode: number;
  /** Claims that neither produced a result nor an error. */
  missing: string[];
}

/** How the stored results were replaced, for the line printed after a run. */
function replacedHow(stored: ResultsFile | undefined, fresh: ResultsFile, merged: boolean) {
  if (merged) return 'merged into';
  if (stored === undefined) return 'written to';
  if (stored.profile !== fresh.profile) {
    return `written to (replacing its ${stored.profile}-profile results)`;
  }
  return 'written to (replacing results computed by other numeric code)';
}

/**
 * Runs `claims` (every claim when `all`) through vitest with the claim reporter, prints
 * vitest's output and the verdict table, and merges the results into the results file
 * (a run of every claim replaces it). An unreadable results file is replaced with a
 * warning line on stderr.
 */
export async function runClaims(
  claims: readonly ClaimDefinition[],
  all: boolean,
  profile: Profile,
): Promise<ClaimsRun> {
  const target = resultsPath();
  const scratchFolder = await mkdtemp(join(tmpdir(), 'catapult-verify-'));
  const scratch = join(scratchFolder, 'results.json');
  try {
    const run = await execa(
      'vitest',
      [
        'run',
        '--project',
        'claims',
        ...(all ? [] : ['--testNamePattern', titlePattern(claims)]),
        ...((all ? undefined : await claimFiles(claims.map((c) => c.id))) ?? []),
        '--reporter=default',
        `--reporter=${join(projectRoot, 'src', 'claims', 'reporter.ts')}`,
      ],
      {
        cwd: projectRoot,
        preferLocal: true,
        reject: false,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { CATAPULT_RESULTS: scratch, CATAPULT_PROFILE: profile },
      },
    );
    const fresh = await readResults(scratch);
    if (fresh) {
      let stored: ResultsFile | undefined;
      try {
        stored = await readResults(target);
      } catch (error) {
        process.stderr.write(
          `catapult: warning: ${(error as Error).message}; it is replaced by the results ` +
            'of these claims alone\n',
        );
      }
      const merged = all ? fresh : mergeResults(stored, fresh);
      await writeJsonAtomic(target, merged);
      const how = replacedHow(stored, fresh, merged !== fresh);
      process.stdout.write(
        `Results of these claims ${how} ${shown(target)} (the scratch copy named above is ` +
          'deleted)\n',
      );
    }
    const seen = new Set([
      ...(fresh?.claims ?? []).map((c) => c.id),
      ...(fresh?.errors ?? []).map((e) => e.id),
      ...(fresh?.skipped ?? []).map((s) => s.id),
    ]);
    return {
      fresh,
      vitestExitCode: run.exitCode ?? 1,
      missing: claims.map((c) => c.id).filter((id) => !seen.has(id)),
    };
  } finally {
    await rm(scratchFolder, { recursive: true, force: true });
  }
}

/**
 * The stored claim results (reports/results.json) as the command reads and extends them:
 * the last verdict of each claim, and the merge of a run of some claims into the results
 * of an earlier run of all of them.
 */
import type { ClaimDefinition } from '../claims/claim.ts';
import type { ResultsFile } from '../claims/reporter.ts';
import { readJsonIfExists } from '../engine/json.ts';
import { UsageError } from './errors.ts';

/** Reads a results file; undefined when there is none, a UsageError when it is unreadable. */
export async function readResults(path: string): Promise<ResultsFile | undefined> {
  let raw: Partial<ResultsFile> | undefined;
  try {
    raw = await readJsonIfExists<Partial<ResultsFile>>(path);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message}); truncated?`);
  }
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || raw.format !== 'catapult-results/1') {
    throw new UsageError(
      `${path} is not a catapult results file (it lacks "format": "catapult-results/1")`,
    );
  }
  if (!Array.isArray(raw.claims) || !Array.isArray(raw.errors)) {
    throw new UsageError(`${path} is a truncated catapult results file (no claims or errors)`);
  }
  return raw as ResultsFile;
}

/** What the results say about one claim: its verdict and baseline status, or an error. */
export interface LastVerdict {
  verdict: string;
  baseline: string;
}

/** Last verdicts by claim id. */
export function lastVerdicts(results: ResultsFile | undefined): Map<string, LastVerdict> {
  const verdicts = new Map<string, LastVerdict>();
  for (const c of results?.claims ?? []) {
    verdicts.set(c.id, {
      verdict: c.verdict === 'reproduced' ? 'reproduced' : 'NOT reproduced',
      baseline: c.baseline.status,
    });
  }
  for (const e of results?.errors ?? []) verdicts.set(e.id, { verdict: 'ERROR', baseline: '' });
  return verdicts;
}

/** The groups of claim ids: "toy" for toy/fig3-gd-stepwise. */
export function claimGroups(catalogue: readonly ClaimDefinition[]): string[] {
  return [...new Set(catalogue.map((c) => c.id.split('/')[0]!))];
}

/**
 * Checks claim ids against the catalogue; a group name ("toy") stands for every claim of
 * the group. An unknown id is a UsageError that lists the claims of its group (or the
 * groups) as what is accepted. Each claim comes once, in the order named.
 */
export function selectClaims(
  catalogue: readonly ClaimDefinition[],
  ids: readonly string[],
): ClaimDefinition[] {
  const byId = new Map(catalogue.map((c) => [c.id, c]));
  const groups = claimGroups(catalogue);
  const chosen = ids.flatMap((id) => {
    const found = byId.get(id);
    if (found) return [found];
    if (groups.includes(id)) return catalogue.filter((c) => c.id.startsWith(`${id}/`));
    const group = id.split('/')[0]!;
    const sameGroup = catalogue.filter((c) => c.id.startsWith(`${group}/`)).map((c) => c.id);
    const accepted =
      sameGroup.length > 0
        ? `claims of ${group}: ${sameGroup.join(', ')}`
        : `a claim group (${groups.join(', ')}) or a claim id`;
    throw new UsageError(
      `unknown claim "${id}"; ${accepted} (catapult list claims shows every claim)`,
    );
  });
  return [...new Set(chosen)];
}

/** A vitest --testNamePattern that matches exactly the titles of these claims. */
export function titlePattern(claims: readonly ClaimDefinition[]): string {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^(${claims.map((c) => literal(c.title)).join('|')})$`;
}

/** Every claim id a results file speaks of (measured or failed). */
function idsOf(results: ResultsFile): Set<string> {
  return new Set([...results.claims.map((c) => c.id), ...results.errors.map((e) => e.id)]);
}

/**
 * `stored` with the claims of `fresh` put in (replacing the same ids in place, appending
 * new ones) and the counts and runs recomputed. Only results of the same profile and
 * the same numeric code (fingerprint) merge; otherwise `fresh` stands alone.
 */
export function mergeResults(stored: ResultsFile | undefined, fresh: ResultsFile): ResultsFile {
  if (
    !stored ||
    stored.profile !== fresh.profile ||
    stored.provenance?.codeFingerprint !== fresh.provenance.codeFingerprint
  ) {
    return fresh;
  }
  const freshIds = idsOf(fresh);
  const freshClaims = new Map(fresh.claims.map((c) => [c.id, c]));
  const claims = stored.claims
    .filter((c) => freshClaims.has(c.id) || !freshIds.has(c.id))
    .map((c) => freshClaims.get(c.id) ?? c);
  const storedIds = new Set(claims.map((c) => c.id));
  claims.push(...fresh.claims.filter((c) => !storedIds.has(c.id)));
  const errors = [...stored.errors.filter((e) => !freshIds.has(e.id)), ...fresh.errors];

  const keys = new Set(claims.flatMap((c) => c.runs.map((r) => r.key)));
  const allRuns = { ...stored.runs, ...fresh.runs };
  const runs = Object.fromEntries(Object.entries(allRuns).filter(([key]) => keys.has(key)));
  const merged: ResultsFile = {
    ...fresh,
    counts: {
      ...fresh.counts,
      reproduced: claims.filter((c) => c.verdict === 'reproduced').length,
      notReproduced: claims.filter((c) => c.verdict === 'not-reproduced').length,
      baselineFailures: claims.filter((c) => !['match', 'updated'].includes(c.baseline.status))
        .length,
      errors: errors.length,
    },
    claims,
    errors,
    runs,
  };
  // Only claims skipped on purpose count as skipped (older files also list filtered ones).
  const mergedIds = idsOf(merged);
  const skipped = [...(stored.skipped ?? []), ...(fresh.skipped ?? [])].filter(
    (s, i, all) =>
      s.skipReason !== undefined &&
      !mergedIds.has(s.id) &&
      all.findIndex((t) => t.id === s.id) === i,
  );
  merged.skipped = skipped;
  merged.counts.skipped = skipped.length;
  return merged;
}

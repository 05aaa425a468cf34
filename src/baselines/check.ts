/**
 * Baseline bookkeeping: every claim has a baseline for the profile, and every baseline
 * belongs to a claim. Prints the problems and exits 1 when there are any.
 *
 * Usage: tsx src/baselines/check.ts [quick|paper]
 */
import { loadClaimCatalogue } from '../claims/catalogue.ts';
import type { Profile } from './store.ts';
import { storedBaselineIds } from './store.ts';

export async function baselineProblems(profile: Profile): Promise<string[]> {
  const claims = (await loadClaimCatalogue()).map((c) => c.id);
  const stored = await storedBaselineIds(profile);
  return [
    ...claims
      .filter((id) => !stored.includes(id))
      .map((id) => `claim ${id} has no ${profile} baseline`),
    ...stored
      .filter((id) => !claims.includes(id))
      .map((id) => `baselines/${profile}/${id}.json belongs to no claim (obsolete)`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const profile = (process.argv[2] ?? 'quick') as Profile;
  const problems = await baselineProblems(profile);
  for (const problem of problems) console.error(problem);
  if (problems.length === 0)
    console.log(`every claim has a ${profile} baseline, and every baseline a claim`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

/**
 * The only way baselines are written: `npm run baselines:update [-- claim-id …]`.
 *
 * Runs the claims with CATAPULT_UPDATE_BASELINES=1 (all of them, or only the named ones),
 * which rewrites their baselines and prints the drift each accepts; without names it also
 * removes baselines that belong to no claim. Refused when CI is set.
 */
import { rm } from 'node:fs/promises';
import { execa } from 'execa';
import { loadClaimCatalogue } from '../claims/catalogue.ts';
import { currentProfile, isCI } from '../claims/profile.ts';
import { projectRoot } from '../engine/provenance.ts';
import { baselinePath, storedBaselineIds } from './store.ts';

if (isCI()) {
  console.error(
    'baselines:update refuses to run when CI is set: baselines are written only by hand, on ' +
      'purpose',
  );
  process.exit(2);
}

const requested = process.argv.slice(2);
const known = (await loadClaimCatalogue()).map((c) => c.id);
const unknown = requested.filter((id) => !known.includes(id));
if (unknown.length > 0) {
  console.error(
    `unknown claim id(s): ${unknown.join(', ')}\nknown claims:\n  ${known.join('\n  ')}`,
  );
  process.exit(2);
}

const profile = currentProfile();
const run = await execa('npx', ['vitest', 'run', '--project', 'claims'], {
  cwd: projectRoot,
  stdio: 'inherit',
  reject: false,
  env: { CATAPULT_UPDATE_BASELINES: '1', CATAPULT_UPDATE_CLAIMS: requested.join(',') },
});

if (requested.length === 0 && run.exitCode === 0) {
  for (const id of await storedBaselineIds(profile)) {
    if (known.includes(id)) continue;
    await rm(baselinePath(id, profile));
    console.log(`removed obsolete baseline ${id} (${profile})`);
  }
}
process.exit(run.exitCode ?? 1);

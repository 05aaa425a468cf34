import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../engine/provenance.ts';
import { type ClaimDefinition, definedClaims } from './claim.ts';

/**
 * Every claim of the paper, read by importing the claim files outside vitest (where
 * `claim` only records the definition). For listings and baseline bookkeeping.
 */
export async function loadClaimCatalogue(): Promise<readonly ClaimDefinition[]> {
  if (process.env.VITEST) throw new Error('loadClaimCatalogue must run outside vitest');
  const folder = join(projectRoot, 'claims');
  const files = (await readdir(folder)).filter((name) => name.endsWith('.spec.ts')).sort();
  for (const file of files) await import(pathToFileURL(join(folder, file)).href);
  const claims = definedClaims();
  const seen = new Set<string>();
  for (const c of claims) {
    if (seen.has(c.id)) throw new Error(`claim id ${c.id} is defined twice`);
    seen.add(c.id);
  }
  return claims;
}

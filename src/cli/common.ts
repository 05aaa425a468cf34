/** Pieces every subcommand shares: the profile, the experiment list, output folders. */
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Profile } from '../baselines/store.ts';
import { profiles } from '../claims/profile.ts';
import { projectRoot } from '../engine/provenance.ts';
import { cacheDirectory } from '../engine/run.ts';
import { oneOf, UsageError } from './errors.ts';
import type { AnyExperiment } from './experiment-file.ts';

/**
 * Checks `--profile` and makes it this process's profile (CATAPULT_PROFILE, which claims
 * and profile-dependent experiments read); returns the profile in force.
 */
export function applyProfile(value: string | undefined): Profile {
  if (value !== undefined) {
    if (!(profiles as readonly string[]).includes(value)) {
      throw new UsageError(`--profile must be ${oneOf(profiles)}, got ${JSON.stringify(value)}`);
    }
    process.env.CATAPULT_PROFILE = value;
  }
  const current = process.env.CATAPULT_PROFILE ?? 'quick';
  if (!(profiles as readonly string[]).includes(current)) {
    throw new UsageError(
      `CATAPULT_PROFILE must be ${oneOf(profiles)}, got ${JSON.stringify(current)}`,
    );
  }
  return current as Profile;
}

/** The experiment registry, imported after the profile is set. */
export async function loadExperiments(): Promise<Record<string, AnyExperiment>> {
  return (await import('../experiments/index.ts')).experiments;
}

/** A path for messages: relative to the working folder when inside it. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The default output folder for a kind of output ("runs", "sweeps"). */
export function defaultOutputFolder(kind: string, name: string): string {
  return join(projectRoot, 'reports', kind, name);
}

/** Throws when `--out` names something that exists but is not a folder. */
export async function checkOutputFolder(path: string): Promise<void> {
  try {
    if (!(await stat(path)).isDirectory()) {
      throw new UsageError(`--out ${path} exists and is not a folder; give a folder path`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Whether a file exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether the run cache already holds the run of `experiment` with this key. */
export function isCached(experiment: { name: string }, key: string): Promise<boolean> {
  return exists(join(cacheDirectory(), experiment.name, `${key}.json`));
}

/** Pieces every subcommand shares: the profile, the experiment list, output folders, warnings. */
import { join, relative } from 'node:path';
import type { Profile } from '../baselines/store.ts';
import { profiles } from '../claims/profile.ts';
import { projectRoot } from '../engine/provenance.ts';
import { onWarning } from '../engine/warnings.ts';
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

/**
 * Prints each distinct engine warning (src/engine/warnings.ts) once on stderr, as one
 * line "catapult: warning: …", until the returned function is called.
 */
export function showWarnings(): () => void {
  const shownAlready = new Set<string>();
  return onWarning((warning) => {
    const line = `catapult: warning: ${warning.message.replace(/\s*\n\s*/g, ' ')}`;
    if (shownAlready.has(line)) return;
    shownAlready.add(line);
    process.stderr.write(`${line}\n`);
  });
}

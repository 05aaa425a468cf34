import type { Profile } from '../baselines/store.ts';
import { ConfigError } from '../engine/validate.ts';

export const profiles: readonly Profile[] = ['quick', 'paper'];

/**
 * The profile of this process, from $CATAPULT_PROFILE: `quick` (the default; every claim
 * at sizes that finish on two cores in minutes) or `paper` (the sizes of SPEC 10).
 */
export function currentProfile(): Profile {
  const value = process.env.CATAPULT_PROFILE ?? 'quick';
  if (!(profiles as readonly string[]).includes(value)) {
    throw new ConfigError(
      `CATAPULT_PROFILE must be one of quick, paper, got ${JSON.stringify(value)}`,
    );
  }
  return value as Profile;
}

/**
 * Whether this process runs under continuous integration: $CI is set to anything but
 * "", "0" or "false" (any case), so that CI=false on a workstation is not CI.
 *
 * @example
 * isCI({ CI: 'true' }); // true
 * isCI({ CI: 'false' }); // false
 */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && !['', '0', 'false'].includes(value);
}

/** Picks the value for the current profile. */
export function byProfile<T>(profile: Profile, values: Record<Profile, T>): T {
  return values[profile];
}

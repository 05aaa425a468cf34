/** Exit codes of the `catapult` command. */
export const exitCodes = {
  /** Everything asked for was done (for `verify`: every claim reproduced). */
  ok: 0,
  /** The work ran but did not succeed: a claim did not reproduce, drifted, or failed to run. */
  failed: 1,
  /** A usage or input error: nothing was computed and nothing stored was changed. */
  usage: 2,
} as const;

/**
 * A usage or input error: an unknown experiment, parameter or claim, a malformed value,
 * or a bad file. Its message is one line that names what was wrong and what is accepted.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** "a, b or c" */
export function oneOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

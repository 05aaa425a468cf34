/** One recorded warning: a stable code and a sentence for people. */
export interface Warning {
  code: string;
  message: string;
}

const sinks = new Set<(warning: Warning) => void>();
const recorded: Warning[] = [];

/**
 * The one warning channel. Library code never prints: it calls `warn`, which records the
 * warning (tests count them with {@link warningsSince}) and hands it to every listener.
 */
export function warn(code: string, message: string): void {
  const warning = { code, message };
  recorded.push(warning);
  for (const sink of sinks) sink(warning);
}

/** Subscribes to warnings; returns the function that unsubscribes. */
export function onWarning(sink: (warning: Warning) => void): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

/** A mark in the warning log, for {@link warningsSince}. */
export function warningMark(): number {
  return recorded.length;
}

/** The warnings recorded since `mark`. */
export function warningsSince(mark: number): Warning[] {
  return recorded.slice(mark);
}

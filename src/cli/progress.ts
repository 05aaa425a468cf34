/**
 * The one progress channel of the command (library code stays silent): a bar with the
 * count, the rate and the time left on a terminal, and fixed-format lines otherwise.
 */
import cliProgress from 'cli-progress';
import { formatNumber } from '../claims/format.ts';

export type ProgressMode = 'bar' | 'lines' | 'off';

export interface Progress {
  /** `done` of the total units are finished. */
  update(done: number): void;
  /** Ends the display with a final line; `done` is the final count if no update gave it. */
  finish(done?: number): void;
}

export interface ProgressOptions {
  /** What is running, for example "run toy" or "sweep toy". */
  label: string;
  total: number;
  /** The unit counted, plural: "steps", "cells". */
  unit: string;
  mode: ProgressMode;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Seconds between two plain lines (the final line always comes). */
  lineSeconds?: number;
  /** The clock in seconds (tests pass their own). */
  now?: () => number;
}

/** The mode for an output stream: a bar on a terminal, lines elsewhere, or off. */
export function progressMode(enabled: boolean, stream: { isTTY?: boolean }): ProgressMode {
  if (!enabled) return 'off';
  return stream.isTTY ? 'bar' : 'lines';
}

function seconds(value: number): string {
  if (!Number.isFinite(value)) return '?';
  if (value < 60) return `${value.toFixed(1)} s`;
  const minutes = Math.floor(value / 60);
  return minutes < 60
    ? `${minutes} min ${Math.round(value % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * One fixed-format progress line.
 *
 * @example
 * progressLine('run toy', 2000, 4000, 'steps', 1); // "run toy: 2000/4000 steps (50%), 2.00e+3 …"
 */
export function progressLine(
  label: string,
  done: number,
  total: number,
  unit: string,
  elapsed: number,
): string {
  const rate = elapsed > 0 ? done / elapsed : Number.NaN;
  const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
  const tail =
    done >= total ? `done in ${seconds(elapsed)}` : `about ${seconds((total - done) / rate)} left`;
  const speed = `${formatNumber(rate)} ${unit}/s`;
  return `${label}: ${done}/${total} ${unit} (${percent}%), ${speed}, ${tail}`;
}

/** A progress display for `total` units. */
export function createProgress(options: ProgressOptions): Progress {
  const { label, total, unit, mode } = options;
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now() / 1000);
  const started = now();
  let done = 0;

  if (mode === 'off') return { update: () => {}, finish: () => {} };

  if (mode === 'lines') {
    const every = options.lineSeconds ?? 5;
    let last = started;
    return {
      update(d) {
        done = d;
        if (now() - last >= every && done < total) {
          last = now();
          stream.write(`${progressLine(label, done, total, unit, last - started)}\n`);
        }
      },
      finish(final) {
        done = final ?? done;
        stream.write(`${progressLine(label, done, total, unit, now() - started)}\n`);
      },
    };
  }

  const bar = new cliProgress.SingleBar({
    format: `${label} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | {left}`,
    stream,
    hideCursor: true,
    barsize: 30,
  });
  const payload = () => {
    const elapsed = now() - started;
    const rate = elapsed > 0 ? done / elapsed : Number.NaN;
    return {
      rate: formatNumber(rate),
      left:
        done >= total ? `done in ${seconds(elapsed)}` : `${seconds((total - done) / rate)} left`,
    };
  };
  bar.start(total, 0, payload());
  return {
    update(d) {
      done = d;
      bar.update(done, payload());
    },
    finish(final) {
      done = final ?? done;
      bar.update(done, payload());
      bar.stop();
    },
  };
}

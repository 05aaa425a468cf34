/** The one-screen summary `catapult run` prints for a run. */
import { runFacts } from '../claims/facts.ts';
import { formatNumber as f } from '../claims/format.ts';
import type { Outcome } from '../engine/train.ts';
import type { Change } from './experiment-file.ts';
import { isTrainingRecord } from './output.ts';

/** How the run ended, in words. */
export function outcomeText(outcome: Outcome, stepsDone: number): string {
  if (outcome.status === 'completed') return `completed ${stepsDone} steps`;
  return `diverged at step ${outcome.step} (${outcome.reason}, loss ${f(outcome.loss)})`;
}

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'number' ? f(value, 4) : JSON.stringify(value);
}

/** The most catapults listed one by one. */
const listedCatapults = 5;

/** The most scalar facts shown for a result that is not a training record. */
const listedFacts = 15;

export interface SummaryInput {
  experiment: { name: string; title: string };
  key: string;
  result: unknown;
  changes: readonly Change[];
  cached: boolean;
  wallSeconds: number;
  /** The output folder and the names of the files written into it. */
  written: { folder: string; files: readonly string[] };
}

/** The summary lines: what ran, what changed, the outcome, and the files written. */
export function runSummary(input: SummaryInput): string[] {
  const { result } = input;
  const source = input.cached
    ? 'from the run cache'
    : `computed in ${input.wallSeconds.toFixed(2)} s`;
  const lines = [
    `${input.experiment.name}: ${input.experiment.title}`,
    `  run key          ${input.key} (${source})`,
  ];
  if (input.changes.length === 0) lines.push('  changed          nothing (the defaults)');
  for (const [i, c] of input.changes.entries()) {
    const label = i === 0 ? '  changed          ' : '                   ';
    lines.push(`${label}${c.path} = ${show(c.value)} (default ${show(c.default)})`);
  }

  if (isTrainingRecord(result)) {
    const { final, events } = result;
    const catapults = events.catapults;
    lines.push(
      `  outcome          ${outcomeText(result.outcome, result.stepsDone)}`,
      `  final loss       ${f(final.loss, 4)}`,
      `  final sharpness  ${f(final.sharpness, 4)}   MSS ${f(final.mss, 4)}   ` +
        `sharpness/MSS ${f(final.sharpnessOverMss, 4)}`,
      `  catapults        ${catapults.length}` +
        (catapults.length > 0
          ? ` (${catapults
              .slice(0, listedCatapults)
              .map((c) => `steps ${c.start}–${c.end}, sharpness drop ${f(c.sharpnessDrop)}`)
              .join('; ')}${catapults.length > listedCatapults ? '; …' : ''})`
          : ''),
      `  loss spikes      ${events.spikes.length}, instability episodes ${events.episodes.length}`,
    );
  } else {
    const facts = Object.entries(runFacts(result));
    const width = Math.max(16, ...facts.slice(0, listedFacts).map(([name]) => name.length));
    for (const [name, value] of facts.slice(0, listedFacts)) {
      lines.push(`  ${name.padEnd(width)} ${show(value)}`);
    }
    if (facts.length > listedFacts) {
      lines.push(`  … ${facts.length - listedFacts} more in run.json`);
    }
  }
  lines.push(`  wrote            ${input.written.folder}/ (${input.written.files.join(', ')})`);
  return lines;
}

/** `catapult run <experiment>`: one run with changed parameters, written as JSON and CSV. */
import { basename } from 'node:path';
import { toJson } from '../engine/json.ts';
import { lookupRun, type RunRecord, runExperiment, runKey } from '../engine/run.ts';
import {
  applyProfile,
  defaultOutputFolder,
  loadExperiments,
  shown,
  showWarnings,
} from './common.ts';
import { UsageError } from './errors.ts';
import {
  changesFromDefaults,
  pickExperiment,
  readExperimentFile,
  resolveConfig,
} from './experiment-file.ts';
import { genericCsv, isTrainingRecord, trainingCsv } from './output.ts';
import { outputFolder, planOutputFolder, writeOutputFolder } from './output-folder.ts';
import { createProgress, type Progress, progressMode } from './progress.ts';
import { runSummary } from './summary.ts';

export interface RunCommandOptions {
  set: string[];
  seed?: string;
  profile?: string;
  out?: string;
  force?: boolean;
  config?: string;
  cache: boolean;
  progress: boolean;
}

/**
 * Resolves and validates the configuration and checks that the output folder may and can
 * be written (any input error stops here, before anything is computed or written), runs it
 * through the engine's cache, writes run.json and the traces as CSV into the output folder
 * in one step, and prints the summary.
 */
export async function runCommand(name: string | undefined, options: RunCommandOptions) {
  applyProfile(options.profile);
  const file = options.config ? await readExperimentFile(options.config) : undefined;
  const experiment = pickExperiment(await loadExperiments(), name, file, options.config);
  if (file?.grid) {
    throw new UsageError(`${options.config} has a grid; run it with catapult sweep`);
  }
  const config = resolveConfig(experiment, {
    sets: options.set,
    seed: options.seed,
    file,
    filePath: options.config,
  });
  const key = runKey(experiment.name, config);
  const out = outputFolder(
    options.out,
    defaultOutputFolder('runs', `${experiment.name}-${key.slice(0, 12)}`),
  );
  const plan = await planOutputFolder(out, 'run', options.force ?? false);

  // The engine warns (shown once) when a cached run is unreadable; it is then recomputed.
  const stopWarnings = showWarnings();
  const fixed = { ...experiment, defaults: config };
  let cached: RunRecord<unknown, unknown> | undefined;
  let progress: Progress | undefined;
  let record: RunRecord<unknown, unknown>;
  try {
    cached = options.cache ? (await lookupRun(fixed)).cached : undefined;
    const mode = progressMode(options.progress && !cached, process.stderr);
    record =
      cached ??
      (await runExperiment(fixed, undefined, {
        cache: options.cache,
        onProgress(done, total) {
          const label = `run ${experiment.name}`;
          progress ??= createProgress({ label, total, unit: 'steps', mode });
          progress.update(done);
        },
      }));
  } finally {
    stopWarnings();
  }
  const result = record.result as unknown;
  // train() reports every 1000 steps; the last report may come before the last step.
  progress?.finish(isTrainingRecord(result) ? result.stepsDone : undefined);

  const written = await writeOutputFolder(plan, {
    'run.json': `${toJson(record, 2)}\n`,
    ...(isTrainingRecord(result) ? trainingCsv(result) : genericCsv(result)),
  });
  const summary = runSummary({
    experiment,
    key,
    result,
    changes: changesFromDefaults(experiment, config),
    cached: cached !== undefined,
    wallSeconds: record.provenance.wallSeconds,
    written: { folder: shown(out), files: written.map((p) => basename(p)) },
  });
  process.stdout.write(`${summary.join('\n')}\n`);
}

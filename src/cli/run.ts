/** `catapult run <experiment>`: one run with changed parameters, written as JSON and CSV. */
import { basename, resolve } from 'node:path';
import { toJson } from '../engine/json.ts';
import { runExperiment, runKey } from '../engine/run.ts';
import {
  applyProfile,
  checkOutputFolder,
  defaultOutputFolder,
  isCached,
  loadExperiments,
  shown,
} from './common.ts';
import { UsageError } from './errors.ts';
import {
  changesFromDefaults,
  pickExperiment,
  readExperimentFile,
  resolveConfig,
} from './experiment-file.ts';
import { genericCsv, isTrainingRecord, trainingCsv, writeOutputFolder } from './output.ts';
import { createProgress, type Progress, progressMode } from './progress.ts';
import { runSummary } from './summary.ts';

export interface RunCommandOptions {
  set: string[];
  seed?: string;
  profile?: string;
  out?: string;
  config?: string;
  cache: boolean;
  progress: boolean;
}

/**
 * Resolves and validates the configuration (any input error stops here, before anything
 * is computed or written), runs it through the engine's cache, writes run.json and the
 * traces as CSV into the output folder in one step, and prints the summary.
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
  const out = resolve(
    options.out ?? defaultOutputFolder('runs', `${experiment.name}-${key.slice(0, 12)}`),
  );
  await checkOutputFolder(out);

  const cached = options.cache && (await isCached(experiment, key));
  const mode = progressMode(options.progress && !cached, process.stderr);
  let progress: Progress | undefined;
  const record = await runExperiment({ ...experiment, defaults: config }, undefined, {
    cache: options.cache,
    onProgress(done, total) {
      progress ??= createProgress({ label: `run ${experiment.name}`, total, unit: 'steps', mode });
      progress.update(done);
    },
  });
  const result = record.result as unknown;
  // train() reports every 1000 steps; the last report may come before the last step.
  progress?.finish(isTrainingRecord(result) ? result.stepsDone : undefined);

  const written = await writeOutputFolder(out, {
    'run.json': `${toJson(record, 2)}\n`,
    ...(isTrainingRecord(result) ? trainingCsv(result) : genericCsv(result)),
  });
  const summary = runSummary({
    experiment,
    key,
    result,
    changes: changesFromDefaults(experiment, config),
    cached,
    wallSeconds: record.provenance.wallSeconds,
    written: { folder: shown(out), files: written.map((p) => basename(p)) },
  });
  process.stdout.write(`${summary.join('\n')}\n`);
}

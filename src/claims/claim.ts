import { test } from 'vitest';
import { type Comparison, compareMetric, type MetricValue } from '../baselines/compare.ts';
import {
  type Baseline,
  type BaselineMetric,
  type Profile,
  readBaseline,
  removeActual,
  type Verdict,
  writeActual,
  writeBaseline,
} from '../baselines/store.ts';
import { type Precision, type QuantityKind, toleranceFor } from '../baselines/tolerances.ts';
import { toJson } from '../engine/json.ts';
import { provenance } from '../engine/provenance.ts';
import type { TrainingRecord } from '../engine/record.ts';
import { type Experiment, type Overrides, type RunRecord, runExperiment } from '../engine/run.ts';
import {
  type CatapultMark,
  type Fact,
  runCatapults,
  runFacts,
  runSeries,
  runTables,
} from './facts.ts';
import { currentProfile, isCI } from './profile.ts';
import { type RunTraces, runTraces } from './traces.ts';

/** One measured quantity of a claim. */
export interface Metric {
  value: MetricValue;
  quantity: QuantityKind;
  precision?: Precision;
}

/** What a claim's measurement returns: the predicate's outcome and the numbers behind it. */
export interface ClaimMeasurement {
  holds: boolean;
  /** One line for the verdict table, for example "GD 4 catapults, heavy ball 1". */
  summary: string;
  metrics: Record<string, Metric>;
}

/** The run helper a claim measures with; it remembers the runs for the report. */
export interface ClaimContext {
  profile: Profile;
  run<C extends { seed: number }, R>(
    experiment: Experiment<C, R>,
    overrides: Overrides<C>,
    label: string,
  ): Promise<RunRecord<C, R>>;
}

/** A claim of the paper as an executable spec. */
export interface ClaimDefinition {
  /** Stable id, `<group>/<name>`, also the baseline's file name. */
  id: string;
  /** The test name: a falsifiable sentence with its figure. */
  title: string;
  figure: string;
  section: string;
  /** The paper's statement, in our words. */
  statement: string;
  /** The operational predicate that decides the verdict, in words. */
  predicate: string;
  /** Test timeout in milliseconds (default 10 minutes). */
  timeout?: number;
  /**
   * Why this claim cannot run here (for example "CIFAR-10 is not available: …"); when set,
   * its test is skipped with the reason in its name and in the results, never run.
   */
  skip?: string;
  measure(context: ClaimContext): Promise<ClaimMeasurement>;
}

/** A run a claim used, as the report needs it. */
export interface ClaimRun {
  label: string;
  experiment: string;
  key: string;
  config: unknown;
  wallSeconds: number;
  traces?: RunTraces;
  /** Scalar fields of the result (final test loss, tfjs backend, …), for sweeps and provenance. */
  facts?: Record<string, Fact>;
  /** Thinned numeric arrays of a result that is not a training record (ODE solutions). */
  series?: Record<string, number[]>;
  /** Catapults found by src/engine/events.ts, for marking them on the plots. */
  catapults?: CatapultMark[];
  /** Lists of flat records in the result, such as the (α, η, β) cells of a sweep. */
  tables?: Record<string, Record<string, Fact>[]>;
}

/** Everything one claim's test hands to the reporter (through vitest's task meta). */
export interface ClaimResult {
  id: string;
  title: string;
  figure: string;
  section: string;
  statement: string;
  predicate: string;
  profile: Profile;
  verdict: Verdict;
  summary: string;
  metrics: Record<string, Metric>;
  runs: ClaimRun[];
  baseline: {
    status: 'match' | 'mismatch' | 'missing' | 'updated' | 'error';
    verdict: Verdict | null;
    comparisons: Record<string, Comparison & { reason: string }>;
    problems: string[];
  };
  seconds: number;
}

/** What identifies a claim's test, also when it is skipped. */
export interface ClaimInfo {
  id: string;
  title: string;
  figure: string;
  section: string;
  /** Why the claim was skipped, when it was skipped on purpose (ClaimDefinition.skip). */
  skipReason?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    claim?: ClaimResult;
    claimInfo?: ClaimInfo;
  }
}

const registry: ClaimDefinition[] = [];

/** Every claim defined so far in this process (the claim files register on import). */
export function definedClaims(): readonly ClaimDefinition[] {
  return registry;
}

/** Whether this process updates baselines instead of checking them. */
function updating(): boolean {
  return process.env.CATAPULT_UPDATE_BASELINES === '1';
}

/** Claim ids selected for an update, or undefined for all. */
function selectedForUpdate(): string[] | undefined {
  const list = process.env.CATAPULT_UPDATE_CLAIMS;
  return list ? list.split(',').filter(Boolean) : undefined;
}

function baselineMetrics(metrics: Record<string, Metric>): Record<string, BaselineMetric> {
  return Object.fromEntries(
    Object.entries(metrics).map(([name, metric]) => {
      const precision = metric.precision ?? 'float64';
      const { absolute, relative, reason } = toleranceFor(precision, metric.quantity);
      return [
        name,
        {
          value: metric.value,
          precision,
          quantity: metric.quantity,
          tolerance: { absolute, relative },
          reason,
        },
      ];
    }),
  );
}

/** What a baseline asserts (verdict and metrics), without when and where it was recorded. */
function baselineContent(baseline: Baseline): Pick<Baseline, 'verdict' | 'metrics'> {
  return { verdict: baseline.verdict, metrics: baseline.metrics };
}

/** Compares a measurement with its baseline; returns the comparisons and every problem. */
export function checkAgainstBaseline(
  verdict: Verdict,
  metrics: Record<string, Metric>,
  baseline: Baseline,
): { comparisons: ClaimResult['baseline']['comparisons']; problems: string[] } {
  const problems: string[] = [];
  const comparisons: ClaimResult['baseline']['comparisons'] = {};
  if (verdict !== baseline.verdict) {
    problems.push(`verdict changed: baseline says ${baseline.verdict}, this run says ${verdict}`);
  }
  for (const [name, stored] of Object.entries(baseline.metrics)) {
    const metric = metrics[name];
    if (!metric) {
      problems.push(`metric ${name} is in the baseline but was not measured`);
      continue;
    }
    const comparison = compareMetric(metric.value, stored.value, stored.tolerance);
    comparisons[name] = { ...comparison, reason: stored.reason };
    if (!comparison.ok)
      problems.push(`${name}: ${comparison.message} (${stored.quantity}, ${stored.precision})`);
  }
  for (const name of Object.keys(metrics)) {
    if (!(name in baseline.metrics))
      problems.push(`metric ${name} was measured but has no baseline`);
  }
  return { comparisons, problems };
}

/** What the report keeps of a run: configuration, downsampled traces or series, facts. */
export function claimRun(record: RunRecord<unknown, unknown>, label: string): ClaimRun {
  const result = record.result as Partial<TrainingRecord>;
  const catapults = runCatapults(result);
  const tables = runTables(result);
  return {
    label,
    experiment: record.experiment,
    key: record.key,
    config: record.config,
    wallSeconds: record.provenance.wallSeconds,
    ...(Array.isArray(result.loss)
      ? { traces: runTraces(result as TrainingRecord) }
      : { series: runSeries(result) }),
    facts: runFacts(result),
    ...(catapults ? { catapults } : {}),
    ...(Object.keys(tables).length > 0 ? { tables } : {}),
  };
}

async function evaluate(definition: ClaimDefinition): Promise<ClaimResult> {
  const started = performance.now();
  const profile = currentProfile();
  const runs: ClaimRun[] = [];
  const context: ClaimContext = {
    profile,
    async run(experiment, overrides, label) {
      const record = await runExperiment(experiment, overrides);
      runs.push(claimRun(record, label));
      return record;
    },
  };
  const measurement = await definition.measure(context);
  const verdict: Verdict = measurement.holds ? 'reproduced' : 'not-reproduced';
  const { measure: _measure, timeout: _timeout, ...described } = definition;
  const result: ClaimResult = {
    ...described,
    profile,
    verdict,
    summary: measurement.summary,
    metrics: measurement.metrics,
    runs,
    baseline: { status: 'missing', verdict: null, comparisons: {}, problems: [] },
    seconds: 0,
  };

  const git = await provenance();
  const fresh: Baseline = {
    format: 'catapult-baseline/1',
    claim: definition.id,
    profile,
    verdict,
    metrics: baselineMetrics(measurement.metrics),
    recorded: { commit: git.gitCommit, dirty: git.gitDirty, date: new Date().toISOString() },
  };
  let stored: Baseline | undefined;
  try {
    stored = await readBaseline(definition.id, profile);
  } catch (error) {
    result.baseline = {
      status: 'error',
      verdict: null,
      comparisons: {},
      problems: [String(error)],
    };
  }
  if (stored) {
    const { comparisons, problems } = checkAgainstBaseline(verdict, measurement.metrics, stored);
    result.baseline = {
      status: problems.length === 0 ? 'match' : 'mismatch',
      verdict: stored.verdict,
      comparisons,
      problems,
    };
  }

  const selected = selectedForUpdate();
  if (updating() && (!selected || selected.includes(definition.id))) {
    if (isCI()) throw new Error('baselines are never written when CI is set');
    // An update that changes nothing keeps the file, so that it leaves no diff to commit.
    if (!stored || toJson(baselineContent(stored)) !== toJson(baselineContent(fresh))) {
      await writeBaseline(fresh);
    }
    await removeActual(definition.id, profile);
    result.baseline.status = 'updated';
  } else if (result.baseline.status === 'match') {
    await removeActual(definition.id, profile);
  } else {
    await writeActual(fresh);
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Whether a claim's test passes: its baseline matched or was just updated. A missing
 * baseline fails on the quick profile (the one CI runs); on the paper profile, whose runs
 * take hours and may lack CIFAR-10, baselines are optional and checked only where stored.
 */
function baselineAccepted(result: ClaimResult): boolean {
  const status = result.baseline.status;
  return (
    status === 'match' ||
    status === 'updated' ||
    (status === 'missing' && result.profile === 'paper')
  );
}

function failureMessage(result: ClaimResult): string {
  const lines = [`claim ${result.id} (${result.profile} profile) does not match its baseline:`];
  if (result.baseline.status === 'missing') {
    lines.push(
      `  there is no baseline; record one with: npm run baselines:update -- ${result.id}`,
      `  (this run's values were written to baselines/${result.profile}/${result.id}.actual.json)`,
    );
  } else {
    for (const problem of result.baseline.problems) lines.push(`  - ${problem}`);
    lines.push(`  this run's values: baselines/${result.profile}/${result.id}.actual.json`);
  }
  lines.push(`  measured: ${result.summary}`);
  return lines.join('\n');
}

/**
 * Defines a claim. Under vitest it becomes one test named by the claim's title, which
 * passes when the measured verdict and metrics match the stored baseline; a claim that
 * honestly does not reproduce passes as long as its baseline records that. Outside vitest
 * the definition is only recorded (for listings and baseline bookkeeping).
 */
export function claim(definition: ClaimDefinition): void {
  registry.push(definition);
  if (!process.env.VITEST) return;
  const { id, title, figure, section } = definition;
  const meta = { claimInfo: { id, title, figure, section } };
  if (definition.skip) {
    const info = { ...meta.claimInfo, skipReason: definition.skip };
    test.skip(`${title} [skipped: ${definition.skip}]`, { meta: { claimInfo: info } }, () => {});
    return;
  }
  const selected = selectedForUpdate();
  if (updating() && selected && !selected.includes(definition.id)) {
    test.skip(definition.title, { meta }, () => {});
    return;
  }
  const options = { timeout: definition.timeout ?? 600_000, meta };
  test(definition.title, options, async ({ task }) => {
    let result: ClaimResult;
    try {
      result = await evaluate(definition);
    } catch (error) {
      const { id, title, figure } = definition;
      task.meta.claimFailure = {
        id,
        title,
        figure,
        error: String(error instanceof Error ? error.message : error),
      };
      throw error;
    }
    // Blob reports (vitest --shard, then --merge-reports) carry task meta as plain JSON, which
    // turns NaN and ±Infinity into null: hand them over as the strings results.json uses.
    task.meta.claim = JSON.parse(toJson(result)) as ClaimResult;
    if (!baselineAccepted(result)) {
      throw new Error(failureMessage(result));
    }
  });
}

import type { ClaimInfo, ClaimRun } from '../claims/claim.ts';
import type { ClaimFailure, ResultsFile } from '../claims/reporter.ts';
import { compareFigures, figureCaption, figureGroup, figureSlug } from './figures.ts';
import { orbitOverview } from './orbits.ts';
import {
  type DrawingLimits,
  defaultLimits,
  type PlotSpec,
  type RunCard,
  runCard,
} from './plots.ts';
import { runsSweep, tableSweep } from './sweeps.ts';

/** A claim as results.json stores it (its runs by label and key). */
export type StoredClaim = ResultsFile['claims'][number];

/** One section of the report: a figure of the paper, its plots and its claims. */
export interface FigureView {
  /** The section's label: the figure without panel letters ("Fig. 1"). */
  figure: string;
  slug: string;
  caption: string | undefined;
  claims: StoredClaim[];
  errors: ClaimFailure[];
  skipped: ClaimInfo[];
  /** Plots that draw many runs at once: sweeps over (α, η), overviews of ODE orbits. */
  overviews: PlotSpec[];
  /** One card of plots per run, in the order the claims first use them. */
  cards: RunCard[];
}

/** A run drawn in an overview, used only by claims with more runs than this, gets no card. */
export const maxRunsForCards = 16;

/** How many run cards a figure shows open; the rest are folded under a summary line. */
export const openCards = 6;

/** The figure sections of a results file, in the paper's order, each with its plots. */
export function figureViews(
  results: ResultsFile,
  limits: DrawingLimits = defaultLimits,
): FigureView[] {
  const groups = new Set<string>(
    [
      ...results.claims.map((c) => c.figure),
      ...results.errors.map((e) => e.figure),
      ...(results.skipped ?? []).map((s) => s.figure),
    ].map(figureGroup),
  );
  return [...groups].sort(compareFigures).map((group) => figureView(results, group, limits));
}

/** The runs of some claims, once each in order of first use, with every label they got. */
function runsInOrder(claims: StoredClaim[]) {
  const order: string[] = [];
  const labels = new Map<string, string[]>();
  const inSmallClaim = new Set<string>();
  for (const c of claims) {
    for (const { key, label } of c.runs) {
      if (!labels.has(key)) {
        order.push(key);
        labels.set(key, []);
      }
      const list = labels.get(key)!;
      if (!list.includes(label)) list.push(label);
      if (c.runs.length <= maxRunsForCards) inSmallClaim.add(key);
    }
  }
  return { order, labels, inSmallClaim };
}

function figureView(results: ResultsFile, figure: string, limits: DrawingLimits): FigureView {
  const slug = figureSlug(figure);
  const inGroup = (label: string) => figureGroup(label) === figure;
  const claims = results.claims.filter((c) => inGroup(c.figure));
  const { order, labels, inSmallClaim } = runsInOrder(claims);
  const runs = order.map((key) => ({ ...results.runs[key]!, label: labels.get(key)![0]! }));

  const byExperiment = new Map<string, ClaimRun[]>();
  for (const run of runs) {
    byExperiment.set(run.experiment, [...(byExperiment.get(run.experiment) ?? []), run]);
  }
  const overviews: PlotSpec[] = [];
  const drawnTogether = new Set<string>();
  const orbitRuns = new Set<string>();
  for (const [experiment, group] of [...byExperiment].sort(([a], [b]) => a.localeCompare(b))) {
    const idBase = `${slug}-${figureSlug(experiment)}`;
    const sweep = tableSweep(`${idBase}-table`, group) ?? runsSweep(`${idBase}-sweep`, group);
    const orbits = orbitOverview(`${idBase}-orbits`, group, limits);
    for (const found of [sweep, orbits]) {
      if (!found) continue;
      overviews.push(...found.plots);
      for (const key of found.runKeys) drawnTogether.add(key);
    }
    for (const key of orbits?.runKeys ?? []) orbitRuns.add(key);
  }

  // A run drawn in an overview gets its own card only when a small claim uses it and it has
  // plots the overview lacks (an orbit overview already shows every orbit); any other run
  // always gets one, so that a run with nothing to draw is seen, not hidden.
  const cards = runs
    .map((run, i) => runCard(`${slug}-run${i + 1}`, run, labels.get(run.key)!.slice(1), limits))
    .filter(
      (card) =>
        !drawnTogether.has(card.key) ||
        (inSmallClaim.has(card.key) && card.plots.length > 0 && !orbitRuns.has(card.key)),
    );

  return {
    figure,
    slug,
    caption: figureCaption(figure),
    claims,
    errors: results.errors.filter((e) => inGroup(e.figure)),
    skipped: (results.skipped ?? []).filter((s) => inGroup(s.figure)),
    overviews,
    cards,
  };
}

/** Every plot of the report, for the data the page embeds and the browser step checks. */
export function allPlots(figures: FigureView[]): PlotSpec[] {
  return figures.flatMap((f) => [...f.overviews, ...f.cards.flatMap((c) => c.plots)]);
}

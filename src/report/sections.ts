import type { MetricValue } from '../baselines/compare.ts';
import type { ResultsFile } from '../claims/reporter.ts';
import type { Experiment } from '../engine/run.ts';
import { html, type Markup, row, table } from './html.ts';
import { type FigureView, openCards, type StoredClaim } from './model.ts';
import { flattenConfig, lastSegment, type PlotSpec, type RunCard } from './plots.ts';

/** " (tfjs 4.22.0)" when a sibling fact of a backend names the tfjs version, else "". */
function tfjsVersion(facts: Record<string, unknown>, backendKey: string): string {
  const prefix = backendKey.slice(0, backendKey.length - 'backend'.length);
  const version = facts[`${prefix}tfjsVersion`];
  return typeof version === 'string' ? ` (tfjs ${version})` : '';
}

// biome-ignore lint/suspicious/noExplicitAny: experiments differ in configuration and result types
export type ExperimentRegistry = Record<string, Experiment<any, any>>;

/**
 * A metric value for people: 6 significant digits, exponent form outside [1e-4, 1e6),
 * arrays shortened to their first six values.
 *
 * @example
 * formatValue(0.40681547982035293); // "0.406815"
 */
export function formatValue(value: MetricValue | undefined, digits = 6): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
    const magnitude = Math.abs(value);
    return magnitude >= 1e6 || magnitude < 1e-4
      ? value.toExponential(digits - 1)
      : String(Number(value.toPrecision(digits)));
  }
  if (Array.isArray(value)) {
    const shown = value.slice(0, 6).map((v) => formatValue(v, 4));
    return `[${shown.join(', ')}${value.length > 6 ? `, … ${value.length} values` : ''}]`;
  }
  return JSON.stringify(value);
}

/** Seconds for people: 3 significant digits, minutes from 100 s on. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0.01) return '< 0.01 s';
  return seconds < 100 ? `${seconds.toPrecision(3)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/** A value in a table cell; a list may wrap after its commas, a number does not. */
function num(value: MetricValue | undefined, digits?: number): Markup {
  const list = Array.isArray(value) ? ' list' : '';
  return html`<span class="num${list}">${formatValue(value, digits)}</span>`;
}

const verdictText: Record<string, string> = {
  reproduced: 'reproduced',
  'not-reproduced': 'NOT reproduced',
};

function verdictChip(verdict: string): Markup {
  return html`<span class="chip verdict-${verdict}">${verdictText[verdict] ?? verdict}</span>`;
}

function baselineChip(status: string): Markup {
  const text = status === 'match' ? 'matches baseline' : `baseline ${status}`;
  return html`<span class="chip baseline-${status}">${text}</span>`;
}

/** The HTML id of a claim's entry. */
export function claimAnchor(id: string): string {
  return `claim-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function link(target: string, text: string): Markup {
  return html`<a href="#${target}">${text}</a>`;
}

/** How much of its tolerance a metric uses, as a bar: green to 50%, amber to 100%, red above. */
function shareBar(share: number): Markup {
  const shown = Number.isFinite(share) ? `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%` : '∞';
  const level = !(share <= 1) ? 'over' : share > 0.5 ? 'high' : 'low';
  const width = Number.isFinite(share) ? Math.min(100, share * 100) : 100;
  return html`<span class="share share-${level}"><span class="bar"
  style="width:${width.toFixed(1)}%"></span><span class="pct">${shown}</span></span>`;
}

/** Title, summary counts, the line about the run, how to read the page, the claims table. */
export function summarySection(results: ResultsFile, figures: FigureView[]): Markup {
  const p = results.provenance;
  const counts = results.counts;
  const tiles: [string, number, string][] = [
    ['reproduced', counts.reproduced, 'reproduced'],
    ['not reproduced', counts.notReproduced, 'not-reproduced'],
    ['skipped', counts.skipped ?? results.skipped?.length ?? 0, 'skipped'],
    ['errors', counts.errors, 'error'],
    ['baseline mismatches', counts.baselineFailures, 'mismatch'],
  ];
  const commit =
    p.gitCommit === 'unknown' ? 'unknown commit' : `commit ${p.gitCommit.slice(0, 12)}`;
  const glance = figures.flatMap((f) => [
    ...f.claims.map((c) =>
      row([
        link(f.slug, c.figure),
        html`${verdictChip(c.verdict)}${
          c.baseline.status === 'match' ? '' : html` ${baselineChip(c.baseline.status)}`
        }`,
        link(claimAnchor(c.id), c.id),
        c.summary,
      ]),
    ),
    ...f.errors.map((e) =>
      row([link(f.slug, e.figure), verdictChip('error'), link(claimAnchor(e.id), e.id), e.error]),
    ),
    ...f.skipped.map((s) =>
      row([link(f.slug, s.figure), verdictChip('skipped'), s.id, s.skipReason ?? 'not run']),
    ),
  ]);
  return html`<header>
  <h1>Large catapults in momentum GD with warmup: reproduction report</h1>
  <p class="lede">Phunyaphibarn, Lee, Wang, Zhang, Yun, arXiv 2311.15051. Every claim of the paper
  is a seeded, executable check; this page shows what our runs measured, the verdict of each
  claim, and how far its numbers sit from the stored baseline.</p>
  <div class="tiles">${tiles.map(
    ([label, n, kind]) => html`<div class="tile tile-${kind}" data-count="${kind}">
    <b>${n}</b><span>${label}</span></div>`,
  )}</div>
  <p class="verdict-rule" id="verdict-rule"><b>NOT reproduced</b> is a finding about the paper,
  not a failure of the harness: each claim's test checks that the verdict and numbers match
  the stored baseline, so it passes when a claim fails to reproduce exactly as recorded, and
  fails only on a baseline mismatch or an error.</p>
  <p>Profile <b>${results.profile}</b> · claims took ${formatSeconds(results.wallSeconds)} ·
  results written ${results.generatedAt} · ${commit}${p.gitDirty ? ' (uncommitted changes)' : ''}
  · Node ${p.node}</p>
  <details class="how-to-read"><summary>How to read this report</summary>
  <p><b>reproduced</b>: the claim's written predicate holds on our runs. <b>NOT reproduced</b>: it
  does not, and the measured values say by how much; this is a finding, not a failure of the
  harness. A baseline chip other than <i>matches baseline</i> means our numbers moved away from
  the stored ones (a regression, or a change awaiting an explicit baseline update).</p>
  <p>Each figure section shows our plots, one card per run: the trajectory (x, y) over the loss
  contours for the toy model, the sharpness (solid) with the maximum stable sharpness
  2/η_t or (2+2β)/η_t (dashed), and the training loss on a log axis; shaded bands are catapult
  windows as src/engine/events.ts defines them. Sweeps show the final test loss over (α, η).
  Under the plots come the figure's claims: the paper's statement, our predicate, what we
  measured and the verdict. Plots are drawn from traces downsampled for drawing; the run cache
  keeps them whole.</p></details>
  <nav><h2>Claims at a glance</h2>
  ${table('glance', ['Figure', 'Verdict', 'Claim', 'Measured'], glance)}</nav>
</header>`;
}

function plotBlock(plot: PlotSpec): Markup {
  return html`<div class="plot plot-${plot.kind}" data-plot-id="${plot.id}" data-state="pending">
  <div class="plot-title">${plot.title}</div><div class="plot-canvas"></div>
  <p class="plot-note">${plot.note}</p></div>`;
}

function cardBlock(card: RunCard): Markup {
  const aliases = card.aliases.length > 0 ? card.aliases.join('; ') : '';
  return html`<div class="run-card" data-run-key="${card.key}">
  <h4>${card.label} <span class="muted">${card.experiment} · run ${card.key.slice(0, 8)}</span></h4>
  ${aliases ? html`<p class="muted">also named: ${aliases}</p>` : ''}
  <div class="plots">${card.plots.map(plotBlock)}</div>
  ${card.plots.length === 0 ? html`<p class="muted">This run stored nothing to draw.</p>` : ''}
</div>`;
}

function metricTable(c: StoredClaim): Markup {
  const rows = Object.entries(c.metrics).map(([name, m]) => {
    const cmp = c.baseline.comparisons[name];
    const kind = m.precision && m.precision !== 'float64' ? `${m.quantity}, ${m.precision}` : '';
    return row([
      name,
      num(m.value),
      kind || m.quantity,
      cmp ? shareBar(cmp.shareOfTolerance) : html`<span class="muted">no baseline</span>`,
    ]);
  });
  return table('metrics', ['metric', 'measured', 'kind', 'share of tolerance'], rows);
}

function problemList(problems: string[]): Markup | '' {
  return problems.length > 0
    ? html`<ul class="problems">${problems.map((p) => html`<li>${p}</li>`)}</ul>`
    : '';
}

function claimBlock(c: StoredClaim): Markup {
  const problems = c.baseline.problems;
  return html`<article class="claim verdict-${c.verdict}" id="${claimAnchor(c.id)}"
  data-claim-id="${c.id}" data-verdict="${c.verdict}" data-baseline="${c.baseline.status}">
  <h3>${verdictChip(c.verdict)} ${baselineChip(c.baseline.status)} <code>${c.id}</code>
  <span class="muted">${c.figure}</span></h3>
  <p class="claim-title">${c.title}</p>
  <dl>
    <dt>The paper says</dt><dd>${c.statement} <span class="muted">(${c.section})</span></dd>
    <dt>Predicate</dt><dd>${c.predicate}</dd>
    <dt>Measured</dt><dd>${c.summary}</dd>
    <dt>Runs</dt><dd>${c.runs.map((r) => r.label).join('; ')}</dd>
  </dl>
  ${metricTable(c)}
  ${problemList(problems)}
</article>`;
}

/** One figure: the paper's caption, sweep plots, run cards (some folded), then its claims. */
export function figureSection(f: FigureView): Markup {
  const folded = f.cards.slice(openCards);
  const more =
    folded.length > 0
      ? html`<details class="more-runs"><summary>${folded.length} more run(s) of
      ${f.figure}</summary>${folded.map(cardBlock)}</details>`
      : '';
  const nothing = f.overviews.length === 0 && f.cards.length === 0;
  return html`<section class="figure" id="${f.slug}" data-figure="${f.figure}">
  <div class="figure-plots">
  <h2>${f.figure}</h2>
  ${f.caption ? html`<p class="caption">In the paper: ${f.caption}</p>` : ''}
  ${nothing ? html`<p class="muted">The claims of ${f.figure} ran nothing to draw.</p>` : ''}
  ${f.overviews.length > 0 ? html`<div class="overviews">${f.overviews.map(plotBlock)}</div>` : ''}
  ${f.cards.slice(0, openCards).map(cardBlock)}
  ${more}
  </div>
  <h3>Claims of ${f.figure}</h3>
  ${f.claims.map(claimBlock)}
  ${f.errors.map(
    (e) => html`<article class="claim verdict-error" id="${claimAnchor(e.id)}"
    data-claim-id="${e.id}" data-verdict="error">
    <h3>${verdictChip('error')} <code>${e.id}</code></h3>
    <p class="claim-title">${e.title}</p><pre>${e.error}</pre></article>`,
  )}
  ${f.skipped.map(
    (
      s,
    ) => html`<article class="claim verdict-skipped" data-claim-id="${s.id}" data-verdict="skipped">
    <h3>${verdictChip('skipped')} <code>${s.id}</code></h3>
    <p class="claim-title">${s.title}</p>
    <p>Not run: ${s.skipReason ?? 'filtered out of this run'}.</p></article>`,
  )}
</section>`;
}

/**
 * Every metric of every claim: value, baseline, difference, allowed, share of tolerance. The
 * claims head groups of rows, so that the numbers keep the width (A4 in print).
 */
export function baselineSection(results: ResultsFile): Markup {
  const header = ['metric', 'value', 'baseline', 'difference', 'allowed', 'share'];
  const rows = results.claims.flatMap((c) => [
    html`<tr class="claim-row"><th colspan="${header.length}">${link(claimAnchor(c.id), c.id)}
    <span class="muted">${c.figure}</span> ${verdictChip(c.verdict)}
    ${baselineChip(c.baseline.status)}</th></tr>`,
    ...Object.entries(c.metrics).map(([name, metric]) => {
      const cmp = c.baseline.comparisons[name];
      const element =
        cmp?.index !== undefined ? html` <span class="muted">[${cmp.index}]</span>` : '';
      const cells = cmp
        ? [
            num(cmp.baseline),
            num(cmp.difference, 3),
            html`<span class="num" title="${cmp.reason}">${formatValue(cmp.allowed, 3)}</span>`,
            shareBar(cmp.shareOfTolerance),
          ]
        : ['—', '—', '—', html`<span class="muted">no baseline (${c.baseline.status})</span>`];
      return row([html`${name}${element}`, num(metric.value), ...cells], 'td', {
        'data-claim': c.id,
        'data-metric': name,
      });
    }),
  ]);
  return html`<section id="baselines">
  <h2>Baselines: how far each number sits from its stored value</h2>
  <p>A metric fails when |value − baseline| exceeds the allowed difference, absolute +
  relative·|baseline|, from the tolerance table <code>src/baselines/tolerances.ts</code> (hover
  the allowed difference for its reason). The share of the tolerance used shows drift before it
  fails; for arrays, the worst element (in brackets) decides.</p>
  ${table('baselines', header, rows)}</section>`;
}

/** Commit, versions, browser, tfjs backend, seeds and wall times. */
export function provenanceSection(
  results: ResultsFile,
  report: { browserVersion?: string; libraries: Record<string, string> },
): Markup {
  const p = results.provenance;
  const runs = Object.values(results.runs);
  const backends = new Set<string>();
  const byExperiment = new Map<string, { runs: number; seconds: number; seeds: Set<string> }>();
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.facts ?? {})) {
      const name = lastSegment(key);
      if (name === 'backend') backends.add(`${value}${tfjsVersion(run.facts ?? {}, key)}`);
    }
    const entry = byExperiment.get(run.experiment) ?? { runs: 0, seconds: 0, seeds: new Set() };
    entry.runs += 1;
    entry.seconds += run.wallSeconds;
    entry.seeds.add(formatValue(flattenConfig(run.config)['seed'] ?? null));
    byExperiment.set(run.experiment, entry);
  }
  const packages = Object.entries(p.packages).map(([name, version]) => `${name} ${version}`);
  const facts: [string, string][] = [
    ['git commit', `${p.gitCommit} (${p.gitDirty ? 'with uncommitted changes' : 'clean'})`],
    ['profile', results.profile],
    ['results written', results.generatedAt],
    ['wall time of the claims', formatSeconds(results.wallSeconds)],
    ['Node', p.node],
    ['platform', `${p.platform}, ${p.cpus} CPUs`],
    ['code fingerprint', `${p.codeFingerprint} (numeric sources; part of every run's cache key)`],
    ['packages', packages.join(', ')],
    ['tfjs backend', backends.size > 0 ? [...backends].sort().join(', ') : 'no tfjs run here'],
    ['browser', report.browserVersion ?? 'not rendered in a browser'],
    [
      'report libraries',
      Object.entries(report.libraries)
        .map(([name, version]) => `${name} ${version}`)
        .join(', '),
    ],
  ];
  const experimentRows = [...byExperiment]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) =>
      row([
        html`<code>${name}</code>`,
        num(e.runs),
        formatSeconds(e.seconds),
        [...e.seeds].sort().join(', '),
      ]),
    );
  const claimRows = results.claims.map((c) =>
    row([html`<code>${c.id}</code>`, formatSeconds(c.seconds)]),
  );
  return html`<section id="provenance"><h2>Provenance of this run</h2>
  ${table(
    'provenance',
    null,
    facts.map(([k, v]) => row([html`<b>${k}</b>`, v])),
  )}
  <h3>Wall time per experiment</h3>
  <p>Runs are cached by a hash of their configuration and the numeric code; a cached run keeps
  the wall time of the process that computed it.</p>
  ${table('provenance', ['experiment', 'runs', 'wall time (sum)', 'seeds'], experimentRows)}
  <h3>Wall time per claim</h3>
  ${table('provenance', ['claim', 'wall time'], claimRows)}</section>`;
}

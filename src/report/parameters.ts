import type { Fact } from '../claims/facts.ts';
import type { ResultsFile } from '../claims/reporter.ts';
import { noteFor, schemaPaths } from '../engine/parameters.ts';
import type { ParameterNote } from '../engine/run.ts';
import { html, type Markup, row, table } from './html.ts';
import { flattenConfig, lastSegment } from './plots.ts';
import { type ExperimentRegistry, formatSeconds, formatValue } from './sections.ts';

function tagChip(note: ParameterNote | undefined): Markup {
  return note
    ? html`<span class="tag tag-${note.tag}">${note.tag}</span>`
    : html`<span class="tag tag-none">untagged</span>`;
}

/**
 * A parameter value as the table shows it: arrays (which {@link flattenConfig} keeps as
 * JSON text) as every element to 4 significant digits, so that a grid of learning rates
 * reads as a list and can wrap; other values as {@link formatValue} writes them.
 *
 * @example
 * parameterText('[0.0031622776601683794,0.005623413251903491]'); // "[0.003162, 0.005623]"
 */
export function parameterText(value: Fact | undefined): string {
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      const list = JSON.parse(value) as unknown;
      if (Array.isArray(list)) {
        const items = list.map((v) => (typeof v === 'number' ? formatValue(v, 4) : String(v)));
        return `[${items.join(', ')}]`;
      }
    } catch {
      // Not JSON: shown as the string it is.
    }
  }
  return formatValue(value);
}

function parameterValue(value: Fact | undefined): Markup {
  const text = parameterText(value);
  return html`<span class="num${text.startsWith('[') ? ' list' : ''}">${text}</span>`;
}

function experimentBlock(results: ResultsFile, name: string, registry: ExperimentRegistry) {
  const experiment = registry[name];
  const defaults = experiment ? flattenConfig(experiment.defaults) : {};
  const runs = Object.values(results.runs)
    .filter((r) => r.experiment === name)
    .sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  const configs = runs.map((run) => flattenConfig(run.config));
  // Every field the schema allows, the defaults set or a run used: a field of another
  // schedule kind (schedule.delaySteps) is listed with its tag even though no default sets it.
  const listed = new Set([
    ...(experiment ? schemaPaths(experiment.schema) : []),
    ...Object.keys(defaults),
    ...configs.flatMap((c) => Object.keys(c)),
  ]);
  // An open object of the schema (ldn-sweep's `cell`) gives way to the fields listed inside it.
  const paths = [...listed]
    .filter((path) => ![...listed].some((other) => other.startsWith(`${path}.`)))
    .sort();
  const parameterRows = paths.map((path) => {
    const note = experiment ? noteFor(path, experiment.parameters) : undefined;
    const value = path in defaults ? parameterValue(defaults[path]) : html`<span>—</span>`;
    return row([html`<code>${path}</code>`, value, tagChip(note), note?.source ?? '']);
  });
  const runRows = runs.map((run, i) => {
    const flat = configs[i]!;
    const changed = Object.entries(flat).filter(
      ([path, value]) =>
        path !== 'seed' && JSON.stringify(defaults[path]) !== JSON.stringify(value),
    );
    const facts = Object.entries(run.facts ?? {}).filter(([key]) =>
      ['status', 'backend', 'formula', 'endState'].includes(lastSegment(key)),
    );
    return row([
      html`${run.label}<br><span class="muted">${run.key.slice(0, 12)}</span>`,
      parameterValue(flat['seed'] ?? null),
      changed.map(([path, value]) => html`<code>${path}</code> = ${parameterValue(value)}<br>`),
      html`<span class="num">${formatSeconds(run.wallSeconds)}</span>`,
      facts.map(([key, value]) => html`${key}: ${String(value)}<br>`),
    ]);
  });
  return html`<div class="experiment" data-experiment="${name}">
  <h3><code>${name}</code> ${experiment?.title ?? ''}</h3>
  ${
    experiment
      ? table('params', ['parameter', 'default', 'provenance', 'source'], parameterRows)
      : html`<p class="problems">This experiment is not in src/experiments/index.ts; its
      defaults and provenance tags are unknown.</p>`
  }
  ${table('runs', ['run', 'seed', 'changed from the default', 'wall time', 'result'], runRows)}
</div>`;
}

/** Every experiment's parameters with their provenance tags, and what each run changed. */
export function parametersSection(results: ResultsFile, registry: ExperimentRegistry): Markup {
  const used = [...new Set(Object.values(results.runs).map((r) => r.experiment))].sort();
  return html`<section id="parameters"><h2>Parameters and their provenance</h2>
  <p>Every parameter of every experiment these claims ran, with its default and where its value
  comes from: <b>paper</b> (stated in the paper), <b>derived</b> (follows from the paper or from
  our definitions), <b>reconstructed</b> (the paper is silent; our choice, see SPEC 10). A tag
  given for a group (<code>events</code>) covers its fields (<code>events.settleSteps</code>).
  A dash marks a field the defaults leave out, such as a field of another schedule kind.
  Below each table, the values each run changed.</p>
  ${used.map((name) => experimentBlock(results, name, registry))}</section>`;
}

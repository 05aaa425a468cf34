/** `catapult list [what]`: experiments, claims with their last verdict, profiles, parameters. */
import { loadClaimCatalogue } from '../claims/catalogue.ts';
import { profiles } from '../claims/profile.ts';
import { resultsPath } from '../claims/reporter.ts';
import type { ParameterNote } from '../engine/run.ts';
import { loadExperiments, shown } from './common.ts';
import { oneOf, UsageError } from './errors.ts';
import type { AnyExperiment } from './experiment-file.ts';
import {
  getParameter,
  type KindedObject,
  kindedObjects,
  leafParameters,
  parameterTree,
} from './parameters.ts';
import { lastVerdicts, readResults } from './results.ts';

const profileNotes: Record<string, string> = {
  quick: 'every claim at sizes that finish on two cores in minutes (the default)',
  paper: "the sizes of the paper's reconstructed spec (SPEC 10); long, meant for sharded runs",
};

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    (
      indent + r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ')
    ).trimEnd(),
  );
}

function experimentLines(experiments: Record<string, AnyExperiment>): string[] {
  return [
    'Experiments (catapult list <experiment> shows its parameters)',
    ...table(Object.values(experiments).map((e) => [e.name, e.title])),
  ];
}

async function claimLines(): Promise<string[]> {
  const catalogue = await loadClaimCatalogue();
  const path = resultsPath();
  const results = await readResults(path);
  const verdicts = lastVerdicts(results);
  const source = results
    ? `last verdicts from ${shown(path)}, ${results.profile} profile, ${results.generatedAt}`
    : `no verdicts yet: ${shown(path)} does not exist (run catapult verify)`;
  const rows = catalogue.map((c) => {
    const last = verdicts.get(c.id);
    const baseline =
      last && last.baseline !== 'match' && last.baseline ? ` [baseline ${last.baseline}]` : '';
    return [c.figure, c.id, last ? `${last.verdict}${baseline}` : '-'];
  });
  return [`Claims (${source})`, ...table([['Figure', 'Claim', 'Last verdict'], ...rows])];
}

function profileLines(): string[] {
  const current = process.env.CATAPULT_PROFILE ?? 'quick';
  return [
    'Profiles (--profile, or CATAPULT_PROFILE)',
    ...table(profiles.map((p) => [p === current ? `${p} *` : p, profileNotes[p] ?? ''])),
  ];
}

/** The provenance note that applies to a path (its own, or its nearest parent's). */
function noteFor(experiment: AnyExperiment, path: string): ParameterNote | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const note = experiment.parameters[parts.slice(0, n).join('.')];
    if (note) return note;
  }
  return undefined;
}

/**
 * What an unset parameter's default column says: which kinds of its object take it (when
 * only some do), or that it is optional.
 */
function unsetText(kinded: Map<string, KindedObject>, path: string): string {
  const at = path.lastIndexOf('.');
  const object = kinded.get(at < 0 ? '' : path.slice(0, at));
  const field = path.slice(at + 1);
  if (!object) return '(unset)';
  const owners = object.kinds.filter((k) => k.fields.includes(field));
  if (owners.length === object.kinds.length) return '(unset, optional)';
  return `(unset; ${owners.map((k) => k.kind).join(' or ')} only)`;
}

/** For each object that comes in kinds (a schedule): every kind and the fields it takes. */
function kindLines(experiment: AnyExperiment, kinded: Map<string, KindedObject>): string[] {
  return [...kinded].flatMap(([path, { tag, kinds }]) => {
    const at = path ? `${path}.` : '';
    const current = getParameter(experiment.defaults, `${at}${tag}`);
    const optional = kinds
      .map((k) => k.fields.filter((f) => !k.required.includes(f)))
      .reduce((common, fields) => common.filter((f) => fields.includes(f)));
    const rows = kinds.map((k) => [
      k.kind === current ? `${k.kind} (default)` : k.kind,
      k.required.map((f) => `${at}${f}`).join(', ') || '(none)',
    ]);
    return [
      '',
      `Kinds of ${path || 'configuration'} (--set ${at}${tag}=KIND starts it afresh; ` +
        'give the fields of that kind with further --set)',
      ...table([[`${at}${tag}`, 'Fields it needs'], ...rows]),
      ...(optional.length > 0
        ? [`  Every kind also takes: ${optional.map((f) => `${at}${f}`).join(', ')} (optional)`]
        : []),
    ];
  });
}

function parameterLines(experiment: AnyExperiment): string[] {
  const kinded = kindedObjects(experiment.schema);
  const rows = leafParameters(parameterTree(experiment.schema)).map((path) => {
    const value = getParameter(experiment.defaults, path);
    const note = noteFor(experiment, path);
    return [
      path,
      value === undefined ? unsetText(kinded, path) : JSON.stringify(value),
      note ? `${note.tag}: ${note.source}` : '',
    ];
  });
  return [
    `${experiment.name}: ${experiment.title}`,
    'Parameters (change with --set path=value)',
    ...table([['Parameter', 'Default', 'Provenance'], ...rows]),
    ...kindLines(experiment, kinded),
  ];
}

/** Prints the listing asked for: everything, one section, or one experiment's parameters. */
export async function listCommand(what: string | undefined): Promise<void> {
  const experiments = await loadExperiments();
  const sections = ['experiments', 'claims', 'profiles'];
  let lines: string[];
  if (what === undefined) {
    lines = [...experimentLines(experiments), '', ...(await claimLines()), '', ...profileLines()];
  } else if (what === 'experiments') lines = experimentLines(experiments);
  else if (what === 'claims') lines = await claimLines();
  else if (what === 'profiles') lines = profileLines();
  else if (experiments[what]) lines = parameterLines(experiments[what]);
  else {
    throw new UsageError(
      `cannot list "${what}"; give ${oneOf([...sections, ...Object.keys(experiments)])}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

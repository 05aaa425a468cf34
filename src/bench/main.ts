/**
 * `npm run bench [-- suite…]`: runs every benchmark suite (files `src/bench/*.bench.ts`),
 * prints one table with the peers' figures beside ours, and writes reports/bench.json.
 * Speed targets are checked here, never by timed tests.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatNumber } from '../claims/format.ts';
import { writeJsonAtomic } from '../engine/json.ts';
import { projectRoot, provenance } from '../engine/provenance.ts';
import type { BenchFigure, BenchSuite } from './bench.ts';

const folder = join(projectRoot, 'src', 'bench');
const wanted = process.argv.slice(2);
const files = (await readdir(folder)).filter((f) => f.endsWith('.bench.ts')).sort();
const suites: BenchSuite[] = [];
for (const file of files) {
  const { suite } = (await import(pathToFileURL(join(folder, file)).href)) as { suite: BenchSuite };
  if (wanted.length === 0 || wanted.includes(suite.name)) suites.push(suite);
}
const unknown = wanted.filter((name) => !suites.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark suite(s): ${unknown.join(', ')}; ` +
      `known: ${files.map((f) => f.replace('.bench.ts', '')).join(', ')}`,
  );
  process.exit(2);
}

const results: Record<string, BenchFigure[]> = {};
let missed = 0;
for (const suite of suites) {
  console.log(`\n== ${suite.name}`);
  const figures = await suite.run();
  results[suite.name] = figures;
  for (const figure of figures) {
    const peer = figure.peer
      ? `   peer ${formatNumber(figure.peer.value)} (${figure.peer.label}), ` +
        `ratio ${formatNumber(figure.value / figure.peer.value)}`
      : '';
    const target = figure.target
      ? `   target ${figure.target.text}: ${figure.target.met ? 'met' : 'MISSED'}`
      : '';
    if (figure.target && !figure.target.met) missed++;
    console.log(
      `  ${figure.name.padEnd(48)} ${formatNumber(figure.value).padStart(10)} ` +
        `${figure.unit}${peer}${target}`,
    );
  }
}
await writeJsonAtomic(join(projectRoot, 'reports', 'bench.json'), {
  date: new Date().toISOString(),
  provenance: await provenance(),
  results,
});
console.log(`\nwritten reports/bench.json${missed ? `; ${missed} target(s) missed` : ''}`);

/**
 * The `catapult` command: list, run, sweep, verify, report and baselines, on commander.
 * Exit codes: 0 done (verify: every claim reproduced), 1 the work failed (a claim did not
 * reproduce or drifted), 2 a usage or input error (nothing was computed or overwritten).
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../engine/validate.ts';
import { exitCodes, UsageError } from './errors.ts';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const profileOption = () =>
  new Option('--profile <name>', 'quick (default) or paper; sets CATAPULT_PROFILE');

/** Options shared by run and sweep: the configuration, the output, the cache, progress. */
function configurationOptions(command: Command): Command {
  return command
    .option(
      '--set <path=value>',
      'change one parameter by its dotted path (repeatable), e.g. optimizer.learningRate=5',
      collect,
      [],
    )
    .option('--seed <n>', 'the master seed (sets the parameter seed)')
    .option('--config <file.json>', 'an experiment file: {"experiment", "config", "grid"}')
    .addOption(profileOption())
    .option('--out <dir>', 'output folder (default: reports/runs/… or reports/sweeps/…)')
    .option(
      '--force',
      'write into a non-empty --out that holds other files (same names replaced, others kept)',
    )
    .option('--no-cache', 'neither read nor write the run cache (.cache/runs)')
    .option('--no-progress', 'no progress bar or progress lines (on stderr)');
}

const outputRule = `
Output folder: a new or empty folder is created; one holding only an earlier output of
the same command is replaced as a whole; any other non-empty folder is refused unless
--force. Whether it can be written is checked before anything is computed.`;

const examples = {
  run: `
Examples:
  catapult run toy --set optimizer.learningRate=5
  catapult run toy --set optimizer.momentum=0 --set steps=2000 --out my-gd-run
  catapult run --config my-run.json     (a file: {"experiment": "toy", "config": {...}})

Writes run.json (the run record) and the traces as CSV (steps.csv, sharpness.csv,
catapults.csv) into the output folder; prints final loss, sharpness and MSS, catapults and
the outcome. Parameters, defaults and schedule kinds: catapult list <experiment>.
${outputRule}`,
  sweep: `
Examples:
  catapult sweep toy --grid optimizer.learningRate=1,2,5 --grid optimizer.momentum=0,0.9
  catapult sweep toy --grid optimizer.learningRate='logspace(-1,1,9)' --set steps=2000
  catapult sweep --config my-sweep.json (a file with "experiment", "config" and "grid")

Grid values: a list 1,2,5; linspace(a,b,n) (n values, a and b included); logspace(a,b,n)
(10^a … 10^b); range(a,b) (the integers a … b−1: b is excluded, range(0,3) is 0,1,2).
Give each axis once. Cells run on worker threads (--jobs, default one per core); each is
cached by its full configuration, so a repeated or extended sweep computes only the new
cells. The cell count is checked against --max-cells before any cell is made.
Writes sweep.csv and sweep.json (one row per cell) into the output folder.
${outputRule}`,
  verify: `
Examples:
  catapult verify toy/fig3-phb-one-catapult   (one claim)
  catapult verify toy                         (every claim of a group: toy, ldn, theory, nn)
  catapult verify                             (every claim)

Exit code: 0 when every claim reproduced and matched its baseline, 1 when one did not
(or drifted from its baseline, or failed), 2 for an unknown claim or profile. Claims
skipped on purpose (a missing data set) are listed with the reason and are not failures.
reports/results.json: a run of every claim replaces it; a run of some claims replaces
those claims in it and keeps the others (when it holds the same profile and numeric
code; otherwise it is replaced, as is an unreadable one, with a warning). Claim ids:
catapult list claims.`,
};

/** Builds the command; actions report their exit code through `setExitCode`. */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('catapult')
    .description(
      'Run the experiments and check the claims of "Large Catapults in Momentum ' +
        'Gradient Descent with Warmup".',
    )
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      outputError: (text, write) => write(`catapult: ${text.replace(/^error: /, '')}`),
    });

  program
    .command('list')
    .description('list experiments, claims (with their last verdict) and profiles')
    .argument('[what]', 'experiments, claims, profiles, or an experiment name for its parameters')
    .action(async (what?: string) => {
      const { listCommand } = await import('./list.ts');
      await listCommand(what);
    });

  configurationOptions(
    program
      .command('run')
      .description('run one experiment with changed parameters; write JSON and CSV')
      .argument('[experiment]', 'experiment name (catapult list experiments)'),
  )
    .addHelpText('after', examples.run)
    .action(async (name: string | undefined, options) => {
      const { runCommand } = await import('./run.ts');
      await runCommand(name, options);
    });

  configurationOptions(
    program
      .command('sweep')
      .description('run a grid of parameter values in parallel; write one CSV and JSON table')
      .argument('[experiment]', 'experiment name (catapult list experiments)')
      .option('--grid <path=values>', 'one axis of the grid (repeatable)', collect, []),
  )
    .option('--jobs <n>', 'worker threads (default: one per core; 0 runs in this thread)')
    .option('--max-cells <n>', 'refuse grids with more cells than this', '10000')
    .addHelpText('after', examples.sweep)
    .action(async (name: string | undefined, options) => {
      const { sweepCommand } = await import('./sweep.ts');
      await sweepCommand(name, options);
    });

  program
    .command('verify')
    .description('check claims of the paper (all, or the ids given) and print the verdicts')
    .argument('[claims...]', 'claim ids or groups, e.g. toy/fig3-phb-one-catapult or toy')
    .addOption(profileOption())
    .addHelpText('after', examples.verify)
    .action(async (ids: string[], options) => {
      const { verifyCommand } = await import('./verify.ts');
      setExitCode(await verifyCommand(ids, options));
    });

  program
    .command('report')
    .description('rebuild the report from the stored results (npm run report)')
    .option('--no-browser', 'write index.html only, without the PDF and figure PNGs')
    .action(async (options: { browser: boolean }) => {
      const { reportCommand } = await import('./verify.ts');
      setExitCode(await reportCommand(options.browser ? [] : ['--no-browser']));
    });

  const baselines = program
    .command('baselines')
    .description('compare claims with their stored baselines, or rewrite baselines');
  baselines
    .command('diff')
    .description('show, metric by metric, how claims differ from their baselines')
    .argument('[claims...]', 'claim ids (default: every claim)')
    .addOption(profileOption())
    .option('--stored', 'read reports/results.json instead of running the claims')
    .action(async (ids: string[], options) => {
      const { baselinesDiffCommand } = await import('./verify.ts');
      setExitCode(await baselinesDiffCommand(ids, options));
    });
  baselines
    .command('update')
    .description('rerun claims and rewrite their baselines (refused when CI is set)')
    .argument('[claims...]', 'claim ids (default: every claim; also drops obsolete baselines)')
    .addOption(profileOption())
    .action(async (ids: string[], options) => {
      const { baselinesUpdateCommand } = await import('./verify.ts');
      setExitCode(await baselinesUpdateCommand(ids, options));
    });
  return program;
}

/** Runs the command on `argv` (as process.argv) and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = exitCodes.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      const fine = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
      return fine ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`catapult: ${error.message.replace(/\n/g, '; ')}\n`);
      return exitCodes.usage;
    }
    process.stderr.write(
      `catapult: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return exitCodes.failed;
  }
}

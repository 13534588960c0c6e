// `cnn-workbench gradcheck`: every layer's backward pass and every preset
// network end to end against central finite differences in float64.

import { runGradientChecks } from '../../workers/gradcheck/index.js';
import { parseOptions, UsageError } from './options.js';
import { renderTable } from './tables.js';

export const GRADCHECK_HELP = `Usage: cnn-workbench gradcheck [--json]
Checks each layer and each preset network against finite differences in
float64; exits 1 if any max relative error exceeds the tolerance.
--json prints {"ok":bool,"checks":[{"layer","param","maxRelError"}, …]}.`;

export function gradcheckCommand(argv: string[]): number {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' } }, 'gradcheck');
  if (positionals.length > 0) throw new UsageError(`gradcheck: unexpected argument "${positionals[0]}"`);
  const report = runGradientChecks();
  if (values.json) {
    console.log(JSON.stringify(report));
  } else {
    const rows = report.checks.map((c) => [c.layer, c.param, c.maxRelError.toExponential(2), c.maxRelError <= report.tolerance ? 'ok' : 'FAIL']);
    console.log(renderTable(['layer', 'param', 'max rel. error', ''], rows, ['left', 'left', 'right', 'left']));
    console.log(`\n${report.ok ? 'all' : 'NOT all'} ${report.checks.length} checks within ${report.tolerance}`);
  }
  return report.ok ? 0 : 1;
}

import type { CheckResult } from '../checks/check';
import { renderTable, type TableOptions } from './table';

/** The preflight table, each fix under its detail, and a verdict the reader cannot misread. */
export function renderPreflightReport(results: readonly CheckResult[], options: TableOptions = {}): string {
  const rows = results.map((r) => [
    r.check,
    r.status.toUpperCase(),
    r.fix ? `${r.detail}\n${fixLines(r.fix)}` : r.detail,
  ]);
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  const failed = count('fail');
  const warned = count('warn');
  const unchecked = results.filter((r) => r.unchecked).length;
  const notRun = unchecked > 0 ? ` (${unchecked} not checked)` : '';
  const summary = `${count('pass')} passed, ${warned} ${warned === 1 ? 'warning' : 'warnings'}${notRun}, ${failed} failed.`;
  const couldNotRun = `${unchecked === 1 ? '1 check' : `${unchecked} checks`} could not run (WARN ... not checked)`;
  // "Ready" only when every check ran and passed: a check that could not run proves nothing.
  const verdict =
    failed > 0
      ? `Blocked: fix the FAIL rows, then run preflight again.${unchecked > 0 ? ` Also, ${couldNotRun}.` : ''}`
      : unchecked > 0
        ? `Incomplete: ${couldNotRun}; fix what stopped them, then run preflight again.`
        : warned > 0
          ? 'Nothing blocks `cdk deploy`; read the WARN rows and decide before deploying.'
          : 'Ready for `cdk deploy`.';
  return `${renderTable(['CHECK', 'RESULT', 'DETAIL'], rows, options)}\n\n${summary} ${verdict}`;
}

/** `fix:` on the first line, the rest indented under it like the wrapped lines of the detail. */
function fixLines(fix: string): string {
  return fix
    .split('\n')
    .map((line, i) => (i === 0 ? `fix: ${line}` : `  ${line}`))
    .join('\n');
}

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
  const summary = `${count('pass')} passed, ${warned} ${warned === 1 ? 'warning' : 'warnings'}, ${failed} failed.`;
  const verdict =
    failed > 0
      ? 'Blocked: fix the FAIL rows, then run preflight again.'
      : `Ready for \`cdk deploy\`${warned > 0 ? ' once you have read the WARN rows' : ''}.`;
  return `${renderTable(['CHECK', 'RESULT', 'DETAIL'], rows, options)}\n\n${summary} ${verdict}`;
}

/** `fix:` on the first line, the rest indented under it like the wrapped lines of the detail. */
function fixLines(fix: string): string {
  return fix
    .split('\n')
    .map((line, i) => (i === 0 ? `fix: ${line}` : `  ${line}`))
    .join('\n');
}

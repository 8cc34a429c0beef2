import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './support/root';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SLOW } = require('./support/slow-first-sequencer.js') as { SLOW: string[] };

test('every suite the sequencer starts first exists, so a rename cannot quietly slow a cold run', () => {
  expect(SLOW.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
});

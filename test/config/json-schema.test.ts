import * as fs from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema, JSON_SCHEMA_PATH } from '../../lib/config/json-schema';
import { ROOT } from '../support/root';

describe('the committed JSON Schema', () => {
  test('is what the zod schema generates (run `npm run schema` after changing the config schema)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, JSON_SCHEMA_PATH), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });

  test('rejects unknown keys, as the loader does', () => {
    expect(configJsonSchema()).toMatchObject({ additionalProperties: false });
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InputTransformer } from '../../lib/alerts/custom-notifications';

const FIXTURES = path.join(__dirname, '../fixtures/events');

/** Every sample event kept as a fixture, by file name without `.json`. */
export const SAMPLE_EVENTS: readonly string[] = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

/** A fresh copy of a sample event, so a test can change it. */
export function sampleEvent(name: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
}

/**
 * What EventBridge delivers for a target with an input transformer: each
 * `<name>` in the template replaced by the value at its JSONPath. Inside a
 * JSON string a string value is inserted escaped, as EventBridge does.
 */
export function transformInput(transformer: InputTransformer, event: unknown): unknown {
  const values = Object.fromEntries(
    Object.entries(transformer.inputPathsMap).map(([name, jsonPath]) => [name, valueAt(event, jsonPath)]),
  );
  const text = transformer.inputTemplate.replace(/<([A-Za-z0-9_]+)>/g, (_match, name: string) => {
    if (!(name in values)) throw new Error(`placeholder <${name}> has no path in inputPathsMap`);
    const value = values[name];
    if (value === undefined) throw new Error(`placeholder <${name}>: the event has nothing at its path`);
    return JSON.stringify(String(value)).slice(1, -1);
  });
  return JSON.parse(text);
}

function valueAt(event: unknown, jsonPath: string): unknown {
  if (!jsonPath.startsWith('$.')) throw new Error(`unsupported JSONPath ${jsonPath}`);
  return jsonPath
    .slice(2)
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], event);
}

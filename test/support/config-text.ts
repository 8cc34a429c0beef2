import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import { ROOT } from './root';

/** The example config's text: config error cases differ from it by one mistake each. */
export const EXAMPLE = readFileSync(path.join(ROOT, DEFAULT_CONFIG_PATH), 'utf8');

/** The example with one piece replaced; the piece must occur exactly once, so the case means what it says. */
export function exampleWith(find: string, replace: string): string {
  return exampleWithEach([find, replace]);
}

/** The example with several pieces replaced, each occurring exactly once. */
export function exampleWithEach(...replacements: Array<[find: string, replace: string]>): string {
  return replacements.reduce((text, [find, replace]) => {
    expect(text.split(find)).toHaveLength(2);
    return text.replace(find, replace);
  }, EXAMPLE);
}

/** The whole message a refused config produces. */
export function errorOf(text: string): string {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

/** The smallest valid config: only the required keys. */
export function minimalConfig(governed: readonly string[] = ['us-east-1']): string {
  return [
    'organization: { id: o-abcdefghij, rootId: r-ab12 }',
    "accounts: { management: '111111111111', logArchive: '222222222222', audit: '333333333333' }",
    `regions: { home: ${governed[0]}, governed: [${governed.join(', ')}] }`,
  ].join('\n');
}

/** Asserts that the config is refused with exactly one problem line, naming `key` and showing `shown`, and no stack trace. */
export function expectOneProblem(text: string, key: string, shown: string): void {
  const message = errorOf(text);
  const problems = message.split('\n').slice(1);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(`${key}:`);
  expect(problems[0]).toContain(shown);
  expect(message).not.toMatch(/\n\s+at /);
}

import * as fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type LandingZoneConfig } from './schema';

/** The config every `cdk` command reads unless `-c config=PATH` names another. */
export const DEFAULT_CONFIG_PATH = 'config/landing-zone.example.yaml';

/**
 * A config problem the user can fix. Its message is complete and meant to be
 * printed alone, without a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(path: string): LandingZoneConfig {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Config file not found: ${path} (pass another with -c config=PATH)`);
  }
  return parseConfig(text, path);
}

export function parseConfig(text: string, source: string): LandingZoneConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new ConfigError(`${source}:${line}:${col}: not valid YAML: ${firstLine(error.message)}`);
  }
  const result = configSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!result.success) {
    throw new ConfigError(`${source}: invalid config\n${formatIssues(result.error.issues)}`);
  }
  return result.data;
}

function formatIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `  ${describe(issue)}`).join('\n');
}

function describe(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.') || '(root)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = key === '(root)' ? '' : `${key}.`;
    return issue.keys.map((k) => `${prefix}${k}: unknown key (check the spelling)`).join('\n  ');
  }
  const input = (issue as { input?: unknown }).input;
  if (input === undefined) return `${key}: is required (${issue.message})`;
  return `${key}: ${issue.message}, got ${JSON.stringify(input)}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

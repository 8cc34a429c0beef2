/**
 * Matches events against EventBridge event patterns the way an event bus does,
 * so every pattern the landing zone deploys can be tested against real sample
 * events without an AWS account.
 *
 * It follows the documented content-filtering rules
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html):
 * - every field named in the pattern must match (AND); fields the pattern omits are ignored;
 * - a leaf is an array of values and matchers, and matches when ANY of them matches ANY value
 *   of the event field (OR); an array in the event is flattened, so `["a"]` matches `["b", "a"]`,
 *   and an array of objects contributes the values of all its elements;
 * - literal values match exactly and by type (`"5"` is not `5`; `5` is `5.0`), `null` matches null;
 * - `prefix`, `suffix` (both optionally with `equals-ignore-case`), `equals-ignore-case` and
 *   `wildcard` match strings only;
 * - `anything-but` (a value, a list of strings or of numbers, or a `prefix`, `suffix`,
 *   `equals-ignore-case` or `wildcard` form) needs the field to be present and matches a value
 *   outside the excluded set;
 * - `numeric` compares JSON numbers only (`"8"` never matches) with `=`, or a lower bound
 *   (`>`, `>=`) and/or an upper bound (`<`, `<=`);
 * - `exists` works on leaves: `true` needs at least one value, `false` needs none (a missing
 *   field, an empty array and an object all count as absent);
 * - `cidr` matches IPv4 and IPv6 address strings inside a block;
 * - `$or` takes a list of sub-patterns at the same level, one of which must match.
 */

export type EventPattern = { readonly [field: string]: unknown };

/** A pattern EventBridge would refuse; the message names the path of the offending part. */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
}

/** EventBridge's numeric matching accepts operands in this range. */
const NUMERIC_LIMIT = 5e9;
const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

type Leaf = string | number | boolean | null;
type JsonObject = { [key: string]: unknown };

/** Throws InvalidEventPatternError when `pattern` is not a pattern EventBridge accepts. */
export function validateEventPattern(pattern: unknown): asserts pattern is EventPattern {
  if (!isObject(pattern) || Object.keys(pattern).length === 0) {
    throw new InvalidEventPatternError('an event pattern must be a non-empty JSON object');
  }
  validateObject(pattern, '');
}

/** True when `event` matches `pattern`; validates the pattern first. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  validateEventPattern(pattern);
  return isObject(event) && matchObject(pattern, [event]);
}

// ---------------------------------------------------------------- matching

function matchObject(pattern: JsonObject, nodes: JsonObject[]): boolean {
  return Object.entries(pattern).every(([key, spec]) => {
    if (key === '$or') return (spec as JsonObject[]).some((alternative) => matchObject(alternative, nodes));
    if (Array.isArray(spec)) return matchLeaf(spec, leafValues(nodes, key));
    return matchObject(spec as JsonObject, childObjects(nodes, key));
  });
}

/** The leaf values of `key` across all nodes, arrays flattened; objects are not leaves. */
function leafValues(nodes: JsonObject[], key: string): Leaf[] {
  return nodes
    .filter((node) => key in node)
    .flatMap((node) => flatten(node[key]))
    .filter((value): value is Leaf => !isObject(value));
}

function childObjects(nodes: JsonObject[], key: string): JsonObject[] {
  return nodes
    .filter((node) => key in node)
    .flatMap((node) => flatten(node[key]))
    .filter(isObject);
}

function flatten(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function matchLeaf(matchers: unknown[], values: Leaf[]): boolean {
  return matchers.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) return matcher.exists === values.length > 0;
    return values.some((value) => matchValue(matcher, value));
  });
}

function matchValue(matcher: unknown, value: Leaf): boolean {
  if (!isObject(matcher)) return equalLiteral(matcher as Leaf, value);
  const [operator, operand] = Object.entries(matcher)[0];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && affix(operand, value, (v, o) => v.startsWith(o));
    case 'suffix':
      return typeof value === 'string' && affix(operand, value, (v, o) => v.endsWith(o));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === (operand as string).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(operand as string).test(value);
    case 'anything-but':
      return !excluded(operand, value);
    case 'numeric':
      return typeof value === 'number' && numericMatch(operand as unknown[], value);
    case 'cidr':
      return typeof value === 'string' && cidrMatch(operand as string, value);
    default:
      return false;
  }
}

function equalLiteral(literal: Leaf, value: Leaf): boolean {
  return typeof literal === typeof value && literal === value;
}

/** `prefix`/`suffix` take a string, or `{ "equals-ignore-case": string }` to ignore case. */
function affix(operand: unknown, value: string, test: (value: string, operand: string) => boolean): boolean {
  if (typeof operand === 'string') return test(value, operand);
  const ignoringCase = (operand as JsonObject)['equals-ignore-case'] as string;
  return test(value.toLowerCase(), ignoringCase.toLowerCase());
}

function excluded(operand: unknown, value: Leaf): boolean {
  if (Array.isArray(operand)) return operand.some((item) => equalLiteral(item as Leaf, value));
  if (!isObject(operand)) return equalLiteral(operand as Leaf, value);
  const [form, inner] = Object.entries(operand)[0];
  // The string forms exclude only strings; any other value is "anything but" them.
  if (typeof value !== 'string') return false;
  const items = (Array.isArray(inner) ? inner : [inner]) as string[];
  switch (form) {
    case 'prefix':
      return items.some((item) => value.startsWith(item));
    case 'suffix':
      return items.some((item) => value.endsWith(item));
    case 'equals-ignore-case':
      return items.some((item) => value.toLowerCase() === item.toLowerCase());
    default:
      return items.some((item) => wildcardRegExp(item).test(value));
  }
}

function numericMatch(spec: unknown[], value: number): boolean {
  for (let i = 0; i < spec.length; i += 2) {
    const operand = spec[i + 1] as number;
    const ok = {
      '=': value === operand,
      '<': value < operand,
      '<=': value <= operand,
      '>': value > operand,
      '>=': value >= operand,
    }[spec[i] as string];
    if (!ok) return false;
  }
  return true;
}

/** `*` matches any run of characters; `\*` is a literal asterisk and `\\` a backslash. */
function wildcardRegExp(wildcard: string): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i++) {
    const c = wildcard[i];
    if (c === '\\' && i + 1 < wildcard.length) {
      source += escapeRegExp(wildcard[++i]);
    } else {
      source += c === '*' ? '.*' : escapeRegExp(c);
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function cidrMatch(cidr: string, value: string): boolean {
  const block = parseCidr(cidr)!;
  const address = parseIp(value);
  if (!address || address.bits !== block.bits) return false;
  const shift = BigInt(block.bits - block.prefix);
  return address.value >> shift === block.value >> shift;
}

// ---------------------------------------------------------------- validation

function validateObject(pattern: JsonObject, path: string): void {
  for (const [key, spec] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(spec) || spec.length < 2 || !spec.every((alt) => isObject(alt) && Object.keys(alt).length)) {
        throw new InvalidEventPatternError(`${at} must be a list of at least two non-empty sub-patterns`);
      }
      spec.forEach((alternative, i) => validateObject(alternative as JsonObject, `${at}[${i}]`));
    } else if (Array.isArray(spec)) {
      if (spec.length === 0) throw new InvalidEventPatternError(`${at} must list at least one value or matcher`);
      spec.forEach((matcher, i) => validateMatcher(matcher, `${at}[${i}]`));
    } else if (isObject(spec)) {
      if (Object.keys(spec).length === 0) throw new InvalidEventPatternError(`${at} must not be an empty object`);
      validateObject(spec, at);
    } else {
      throw new InvalidEventPatternError(`${at} must be an array of values or matchers, got ${JSON.stringify(spec)}`);
    }
  }
}

function validateMatcher(matcher: unknown, at: string): void {
  if (matcher === null || ['string', 'number', 'boolean'].includes(typeof matcher)) return;
  if (!isObject(matcher) || Object.keys(matcher).length !== 1) {
    throw new InvalidEventPatternError(`${at} must be a value or a matcher with exactly one operator`);
  }
  const [operator, operand] = Object.entries(matcher)[0];
  const fail = (what: string) => {
    throw new InvalidEventPatternError(`${at}: ${operator} ${what}, got ${JSON.stringify(operand)}`);
  };
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (!isString(operand) && !isIgnoreCase(operand, false))
        fail('needs a string or { "equals-ignore-case": string }');
      return;
    case 'equals-ignore-case':
      if (!isString(operand)) fail('needs a string');
      return;
    case 'wildcard':
      if (!isString(operand) || operand.includes('**')) fail('needs a string without consecutive asterisks');
      return;
    case 'exists':
      if (typeof operand !== 'boolean') fail('needs true or false');
      return;
    case 'cidr':
      if (!isString(operand) || !parseCidr(operand)) fail('needs an IPv4 or IPv6 CIDR block');
      return;
    case 'numeric':
      validateNumeric(operand, fail);
      return;
    case 'anything-but':
      validateAnythingBut(operand, fail);
      return;
    default:
      throw new InvalidEventPatternError(`${at}: unknown matcher ${operator}`);
  }
}

function validateNumeric(operand: unknown, fail: (what: string) => never): void {
  const usage = 'needs "=" with a number, or a lower bound (> or >=) and/or an upper bound (< or <=)';
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) fail(usage);
  const pairs = [];
  for (let i = 0; i < operand.length; i += 2) pairs.push({ op: operand[i], value: operand[i + 1] });
  for (const { value } of pairs) {
    if (typeof value !== 'number' || Math.abs(value) > NUMERIC_LIMIT) fail(`needs numbers within ±${NUMERIC_LIMIT}`);
  }
  const ops = pairs.map((p) => p.op);
  const lower = pairs.filter((p) => LOWER_BOUNDS.has(p.op));
  const upper = pairs.filter((p) => UPPER_BOUNDS.has(p.op));
  const validShape =
    (ops.length === 1 && (ops[0] === '=' || lower.length === 1 || upper.length === 1)) ||
    (ops.length === 2 && lower.length === 1 && upper.length === 1);
  if (!validShape) fail(usage);
  if (lower.length && upper.length && (lower[0].value as number) >= (upper[0].value as number)) {
    fail('needs its lower bound below its upper bound');
  }
}

function validateAnythingBut(operand: unknown, fail: (what: string) => never): void {
  if (isString(operand) || typeof operand === 'number') return;
  if (Array.isArray(operand)) {
    if (operand.length > 0 && (operand.every(isString) || operand.every((o) => typeof o === 'number'))) return;
    fail('needs a non-empty list of only strings or only numbers');
  }
  if (isObject(operand) && Object.keys(operand).length === 1) {
    const [form, inner] = Object.entries(operand)[0];
    const strings = Array.isArray(inner) ? inner : [inner];
    const listAllowed = form === 'equals-ignore-case' || form === 'wildcard';
    const known = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(form);
    if (known && (listAllowed || !Array.isArray(inner)) && strings.length > 0 && strings.every(isString)) return;
  }
  fail('needs a value, a list, or one of prefix, suffix, equals-ignore-case, wildcard');
}

// ---------------------------------------------------------------- helpers

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isIgnoreCase(operand: unknown, allowList: boolean): boolean {
  if (!isObject(operand) || Object.keys(operand).length !== 1) return false;
  const inner = operand['equals-ignore-case'];
  return isString(inner) || (allowList && Array.isArray(inner) && inner.every(isString));
}

interface Ip {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

function parseCidr(cidr: string): (Ip & { prefix: number }) | undefined {
  const [address, prefixText, ...rest] = cidr.split('/');
  const ip = parseIp(address);
  const prefix = Number(prefixText);
  if (!ip || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > ip.bits) return undefined;
  return { ...ip, prefix };
}

function parseIp(text: string): Ip | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Ip | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return { bits: 32, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
}

function parseIpv6(text: string): Ip | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { bits: 128, value: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

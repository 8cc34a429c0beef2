/**
 * Normalizes what changes without the infrastructure changing (asset hashes and
 * the CDK bootstrap version rule and parameter), so a snapshot diff in review
 * is always a real change. Templates embedded as strings (StackSets,
 * conformance packs) and inline Lambda code are expanded, so that their diff
 * is line by line too.
 */
const ASSET_HASH = /[0-9a-f]{64}/g;
const normalized = new WeakSet<object>();

function isTemplate(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'Resources' in value && !normalized.has(value);
}

/** Expands embedded templates and inline code in place; marks every object as normalized. */
function expand(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  normalized.add(value);
  for (const [key, child] of Object.entries(value)) {
    const record = value as Record<string, unknown>;
    if (key === 'TemplateBody' && typeof child === 'string' && child.startsWith('{')) {
      record[key] = expand(JSON.parse(child));
    } else if (key === 'ZipFile' && typeof child === 'string') {
      record[key] = child.split('\n');
    } else {
      expand(child);
    }
  }
  return value;
}

module.exports = {
  test: isTemplate,
  serialize(
    value: Record<string, unknown>,
    config: unknown,
    indentation: string,
    depth: number,
    refs: unknown,
    printer: (...args: unknown[]) => string,
  ) {
    const { Rules: _rules, Parameters: _parameters, ...rest } = value;
    const result = expand(JSON.parse(JSON.stringify(rest).replace(ASSET_HASH, '[ASSET-HASH]')));
    return printer(result, config, indentation, depth, refs);
  },
};

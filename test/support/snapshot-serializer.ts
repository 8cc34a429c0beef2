/**
 * Normalizes what changes without the infrastructure changing (asset hashes and
 * the CDK bootstrap version rule and parameter), so a snapshot diff in review
 * is always a real change.
 */
const ASSET_HASH = /[0-9a-f]{64}/g;
const normalized = new WeakSet<object>();

function isTemplate(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'Resources' in value && !normalized.has(value);
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
    const result = JSON.parse(JSON.stringify(rest).replace(ASSET_HASH, '[ASSET-HASH]'));
    normalized.add(result);
    return printer(result, config, indentation, depth, refs);
  },
};

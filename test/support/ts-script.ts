/**
 * The node arguments that run a TypeScript entry point as `cdk.json` and the
 * npm scripts do: Node with tsx's loader, in this one process (tsx's own CLI
 * would start a second one for the same work).
 */
export function tsScript(entry: string, ...args: string[]): string[] {
  return ['--import', 'tsx', entry, ...args];
}

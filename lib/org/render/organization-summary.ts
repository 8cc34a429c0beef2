import type { OrganizationSnapshot } from '../snapshot';
import { renderTable, type TableOptions } from './table';

/** What discover found, for a human: counts, the OU tree with accounts per OU, and the service settings. */
export function renderOrganizationSummary(org: OrganizationSnapshot, options: TableOptions = {}): string {
  const byState = new Map<string, number>();
  for (const a of org.accounts) byState.set(a.state, (byState.get(a.state) ?? 0) + 1);
  const states = [...byState].map(([state, n]) => `${n} ${state.toLowerCase().replace('_', ' ')}`).join(', ');
  const management = org.accounts.find((a) => a.id === org.managementAccountId);
  const named = (id: string) => {
    const account = org.accounts.find((a) => a.id === id);
    return account ? `${id} (${account.name})` : id;
  };
  const lines = [
    `Organization ${org.id} (${org.featureSet === 'ALL' ? 'all features' : org.featureSet}), management account ${org.managementAccountId}${management ? ` (${management.name})` : ''}`,
    `${org.roots.length} ${org.roots.length === 1 ? 'root' : 'roots'}, ${org.organizationalUnits.length} OUs, ${org.accounts.length} accounts (${states})`,
    '',
    renderTable(['OU', 'ID', 'ACCOUNTS'], treeRows(org), options),
    '',
    `Delegated administrators: ${
      org.delegatedAdministrators.map((d) => `${short(d.servicePrincipal)} -> ${named(d.accountId)}`).join(', ') ||
      'none'
    }`,
    `Trusted access: ${org.trustedServices.map(short).join(', ') || 'none'}`,
    '',
  ];
  return lines.join('\n');
}

function treeRows(org: OrganizationSnapshot): string[][] {
  const accounts = new Map<string, number>();
  for (const a of org.accounts) accounts.set(a.parentId, (accounts.get(a.parentId) ?? 0) + 1);
  const children = new Map<string, { id: string; name: string }[]>();
  for (const u of org.organizationalUnits) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const rows: string[][] = [];
  const visit = (node: { id: string; name: string }, depth: number) => {
    rows.push([`${'  '.repeat(depth)}${node.name}`, node.id, String(accounts.get(node.id) ?? 0)]);
    for (const child of [...(children.get(node.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      visit(child, depth + 1);
    }
  };
  org.roots.forEach((root) => visit(root, 0));
  return rows;
}

const short = (principal: string) => principal.replace(/\.amazonaws\.com$/, '');

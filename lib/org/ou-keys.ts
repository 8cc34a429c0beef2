import type { OrganizationSnapshot } from './snapshot';

/**
 * A config key for every OU. The config names OUs with letters, digits and
 * hyphens, while OU names may hold spaces and repeat under different parents
 * ("Prod" in Workloads and in Sandbox): repeats get their parents' names in front.
 */
export function ouKeys(org: OrganizationSnapshot): Map<string, string> {
  const byId = new Map(org.organizationalUnits.map((u) => [u.id, u]));
  const path = (id: string): string[] => {
    const unit = byId.get(id);
    return unit ? [...path(unit.parentId), sanitise(unit.name)] : [];
  };
  const keys = new Map(org.organizationalUnits.map((u) => [u.id, sanitise(u.name)]));
  const qualify = (rename: (id: string) => string) => {
    const seen = new Map<string, string[]>();
    for (const [id, key] of keys) seen.set(key, [...(seen.get(key) ?? []), id]);
    for (const ids of seen.values()) if (ids.length > 1) ids.forEach((id) => keys.set(id, rename(id)));
  };
  qualify((id) => path(id).join('-'));
  // Same names all the way up: only the ID tells them apart.
  qualify((id) => `${keys.get(id)}-${id.split('-').pop()}`);
  return keys;
}

/** The OU's position for a reader: `Workloads/Prod`. */
export function ouPath(org: OrganizationSnapshot, id: string): string {
  const unit = org.organizationalUnits.find((u) => u.id === id);
  return unit ? [ouPath(org, unit.parentId), unit.name].filter(Boolean).join('/') : '';
}

function sanitise(name: string): string {
  const words = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .join('-');
  return /^[A-Za-z]/.test(words) ? words : `OU-${words || 'unnamed'}`.replace(/-$/, '');
}

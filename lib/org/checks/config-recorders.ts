import { callerIsManagement, pass, warn, type Check, type CheckResult } from './check';
import { CONTROL_TOWER_RECORDER } from './control-tower';

const SCOPE = 'member accounts not checked: preflight reads only its own account';
const MEMBER_ACCOUNTS =
  'For member accounts, ask a Config aggregator, or run `aws configservice describe-configuration-recorders` in each account and governed region';

/**
 * AWS Config holds one customer-managed recorder per account and region, and
 * the landing zone's recorder StackSet fails where one exists. Service-managed
 * StackSets never deploy to the management account, so recorders there do not
 * clash. Preflight only sees the credentials' own account: it assumes no roles
 * in member accounts, and says so instead of passing for them. A region it
 * could not read is never passed, and gets no advice about recorders it did
 * not see.
 */
export const checkConfigRecorders: Check = (input): CheckResult => {
  const { callerAccount: caller, config } = input;
  const check = 'Config recorders';
  const account = 'value' in caller.identity ? caller.identity.value.accountId : 'the credentials account';
  const unreadable = caller.recorders.flatMap((r) =>
    'error' in r.recorders ? [{ region: r.region, ...r.recorders }] : [],
  );
  // Service-linked recorders (servicePrincipal set) do not take the customer-managed slot.
  const found = caller.recorders.flatMap((r) =>
    'value' in r.recorders
      ? r.recorders.value.filter((x) => !x.servicePrincipal).map((x) => ({ region: r.region, name: x.name }))
      : [],
  );
  const readRegions = caller.recorders.filter((r) => 'value' in r.recorders).map((r) => r.region);
  const details = [
    ...(found.length > 0
      ? [`present in ${account}: ${found.map((f) => `${f.name} (${f.region})`).join(', ')}`]
      : readRegions.length > 0
        ? [`none in ${account} (${readRegions.join(', ')})`]
        : []),
    ...unreadable.map((r) => `${r.region} not checked: ${r.error}`),
  ];
  // Recorders that are no clash: handed to Control Tower, or in the management account.
  const harmless = config.audit.controlTower.configRecording
    ? 'audit.controlTower.configRecording is true: the landing zone creates no recorders'
    : callerIsManagement(input)
      ? 'no clash, the recorder StackSet skips the management account'
      : undefined;
  const fixes: string[] = [];
  if (found.length > 0 && !harmless) {
    fixes.push(
      ...(found.some((f) => f.name === CONTROL_TOWER_RECORDER)
        ? ["these are Control Tower's; see the Control Tower row."]
        : [
            `the landing zone's recorder StackSet fails in a region that already has a recorder: delete it, or hand recording to the tool that owns it:`,
            ...found.map(
              (f) =>
                `$ aws configservice delete-configuration-recorder --configuration-recorder-name ${f.name} --region ${f.region}`,
            ),
          ]),
      MEMBER_ACCOUNTS,
    );
  }
  if (unreadable.some((r) => r.kind === 'denied')) {
    fixes.push('allow config:DescribeConfigurationRecorders for these credentials and rerun');
  }
  if (unreadable.length > 0) {
    return {
      check,
      status: 'warn',
      detail: [...details, SCOPE].join('; '),
      ...(fixes.length > 0 ? { fix: fixes.join('\n') } : {}),
      unchecked: true,
    };
  }
  if (found.length === 0) return pass(check, `${details.join('; ')}; ${SCOPE}`);
  if (harmless) {
    const sep = config.audit.controlTower.configRecording ? '; ' : ': ';
    return pass(check, `${details.join('; ')}${sep}${harmless}${harmless.startsWith('no clash') ? `; ${SCOPE}` : ''}`);
  }
  return warn(check, [...details, SCOPE].join('; '), fixes.join('\n'));
};

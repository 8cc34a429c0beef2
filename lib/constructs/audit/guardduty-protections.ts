/** Workloads whose runtime security agent GuardDuty can deploy and update itself. */
export type RuntimeMonitoringAgent = 'EKS' | 'ECS_FARGATE' | 'EC2';

/** The GuardDuty protection plans the landing zone turns on or off, for the audit account and every member. */
export interface GuardDutyProtections {
  readonly s3DataEvents: boolean;
  readonly eksAuditLogs: boolean;
  readonly ebsMalwareProtection: boolean;
  readonly rdsLoginEvents: boolean;
  readonly lambdaNetworkLogs: boolean;
  readonly runtimeMonitoring: {
    readonly enabled: boolean;
    /** Agents GuardDuty manages; the others are left for the account to install. */
    readonly agentManagement: readonly RuntimeMonitoringAgent[];
  };
}

/** `Features[]` of UpdateDetector: the audit account's own detector. */
export interface DetectorFeature {
  readonly Name: string;
  readonly Status: 'ENABLED' | 'DISABLED';
  readonly AdditionalConfiguration?: ReadonlyArray<{ readonly Name: string; readonly Status: 'ENABLED' | 'DISABLED' }>;
}

/** `Features[]` of UpdateOrganizationConfiguration: what every member account gets. */
export interface OrganizationFeature {
  readonly Name: string;
  readonly AutoEnable: 'ALL' | 'NONE';
  readonly AdditionalConfiguration?: ReadonlyArray<{ readonly Name: string; readonly AutoEnable: 'ALL' | 'NONE' }>;
}

const AGENT_CONFIGURATION: Record<RuntimeMonitoringAgent, string> = {
  EKS: 'EKS_ADDON_MANAGEMENT',
  ECS_FARGATE: 'ECS_FARGATE_AGENT_MANAGEMENT',
  EC2: 'EC2_AGENT_MANAGEMENT',
};

/**
 * Every feature is sent, switched-off ones as disabled, so that turning one off
 * in config turns it off in AWS rather than leaving it as it was. Runtime
 * Monitoring stands for EKS Runtime Monitoring too; GuardDuty rejects both together.
 */
function features(p: GuardDutyProtections) {
  const agents = p.runtimeMonitoring.agentManagement;
  return [
    { name: 'S3_DATA_EVENTS', on: p.s3DataEvents },
    { name: 'EKS_AUDIT_LOGS', on: p.eksAuditLogs },
    { name: 'EBS_MALWARE_PROTECTION', on: p.ebsMalwareProtection },
    { name: 'RDS_LOGIN_EVENTS', on: p.rdsLoginEvents },
    { name: 'LAMBDA_NETWORK_LOGS', on: p.lambdaNetworkLogs },
    {
      name: 'RUNTIME_MONITORING',
      on: p.runtimeMonitoring.enabled,
      additional: (Object.keys(AGENT_CONFIGURATION) as RuntimeMonitoringAgent[]).map((agent) => ({
        name: AGENT_CONFIGURATION[agent],
        on: p.runtimeMonitoring.enabled && agents.includes(agent),
      })),
    },
  ];
}

export function detectorFeatures(p: GuardDutyProtections): DetectorFeature[] {
  const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
  return features(p).map((f) => ({
    Name: f.name,
    Status: status(f.on),
    ...(f.additional && {
      AdditionalConfiguration: f.additional.map((a) => ({ Name: a.name, Status: status(a.on) })),
    }),
  }));
}

export function organizationFeatures(p: GuardDutyProtections): OrganizationFeature[] {
  const autoEnable = (on: boolean) => (on ? 'ALL' : 'NONE');
  return features(p).map((f) => ({
    Name: f.name,
    AutoEnable: autoEnable(f.on),
    ...(f.additional && {
      AdditionalConfiguration: f.additional.map((a) => ({ Name: a.name, AutoEnable: autoEnable(a.on) })),
    }),
  }));
}

import { Size } from 'aws-cdk-lib';
import {
  ATHENA_QUERY_ACTIONS,
  checkTrailProjection,
  GLUE_TABLE_READ_ACTIONS,
  regionDateProjection,
  TRAIL_TABLE_PARAMETERS,
} from '../investigation/athena-trail-table';
import { CLOUDTRAIL_COLUMNS, CLOUDTRAIL_FORMAT } from '../investigation/cloudtrail-columns';

export interface OwnLogsQueryProps {
  /** The workgroup every query runs in; its configuration is enforced. */
  readonly workGroupName: string;
  /** The Glue database of the table, in the member account's own catalog. */
  readonly databaseName: string;
  /** @default 'cloudtrail' */
  readonly tableName?: string;
  readonly trailBucketName: string;
  readonly organizationId: string;
  /** Regions whose logs the projection enumerates: every region the trail records. */
  readonly regions: readonly string[];
  /** How many days back the date projection reaches: as far back as the bucket keeps logs. */
  readonly retentionDays: number;
  /** A query that would scan more is cancelled; the member account pays per byte scanned. @default Size.gibibytes(100) */
  readonly bytesScannedCutoffPerQuery?: Size;
  /** Days a query result is kept; the logs themselves stay in the trail bucket. @default 30 */
  readonly resultsExpireAfterDays?: number;
}

/** Template resources, the reader's statements that use them, and outputs naming them. */
export interface OwnLogsQueryResources {
  readonly resources: Record<string, object>;
  readonly statements: object[];
  readonly outputs: Record<string, object>;
}

const sub = (text: string) => ({ 'Fn::Sub': text });
/** Named, or rebuilt from the config in a moment: retained, yet not left behind by a rolled-back first create. */
const RETAINED = { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' };

/**
 * SQL over one member account's own logs, in that account: a Glue table with
 * partition projection on region and date over
 * `s3://<trail bucket>/AWSLogs/<organization ID>/<this account>/CloudTrail/`
 * (no crawler, no `MSCK REPAIR`), and an Athena workgroup whose enforced
 * configuration sends every result, SSE-S3 encrypted, to a results bucket the
 * account owns. Athena reads the logs with the caller's own credentials
 * (forward access sessions, "Control access to Amazon S3 from Athena"), so
 * the reader's prefix is the table's limit too. The member account pays for
 * its queries.
 */
export function ownLogsQueryResources(props: OwnLogsQueryProps): OwnLogsQueryResources {
  if (!/^[a-zA-Z0-9._-]{1,128}$/.test(props.workGroupName)) {
    throw new Error(`workGroupName must be 1-128 letters, digits, '.', '_' or '-', got ${props.workGroupName}`);
  }
  if (!/^[a-z0-9_]{1,255}$/.test(props.databaseName)) {
    throw new Error(`databaseName must be lowercase letters, digits and underscores, got ${props.databaseName}`);
  }
  checkTrailProjection(props.regions, props.retentionDays);
  const cutoff = props.bytesScannedCutoffPerQuery ?? Size.gibibytes(100);
  // Athena's smallest allowed cutoff is 10 MB.
  if (cutoff.toBytes() < 10_000_000) {
    throw new Error(`bytesScannedCutoffPerQuery must be at least 10 MB, got ${cutoff.toBytes()} bytes`);
  }
  const expireAfterDays = props.resultsExpireAfterDays ?? 30;
  if (!Number.isInteger(expireAfterDays) || expireAfterDays < 1) {
    throw new Error(`resultsExpireAfterDays must be a whole number of days of at least 1, got ${expireAfterDays}`);
  }
  const tableName = props.tableName ?? 'cloudtrail';
  // Joined, not substituted: the projection's own ${region} and ${date} are no CloudFormation references.
  const logs = {
    'Fn::Join': ['', [`s3://${props.trailBucketName}/AWSLogs/${props.organizationId}/`, { Ref: 'AWS::AccountId' }]],
  };
  const under = (suffix: string) => ({ 'Fn::Join': ['', [logs, suffix]] });
  const regional = (service: string, resource: string) =>
    sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

  const resources = {
    QueryResults: {
      Type: 'AWS::S3::Bucket',
      ...RETAINED,
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'ExpireQueryResults',
              Status: 'Enabled',
              ExpirationInDays: expireAfterDays,
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ],
        },
      },
    },
    QueryResultsPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'QueryResults' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyWithoutTls',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Resource: [{ 'Fn::GetAtt': ['QueryResults', 'Arn'] }, sub('${QueryResults.Arn}/*')],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    LogsDatabase: {
      Type: 'AWS::Glue::Database',
      ...RETAINED,
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseInput: { Name: props.databaseName, Description: "This account's own logs in the log archive" },
      },
    },
    LogsTable: {
      Type: 'AWS::Glue::Table',
      ...RETAINED,
      DependsOn: 'LogsDatabase',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: props.databaseName,
        TableInput: {
          Name: tableName,
          Description: "This account's organization trail events, partitioned by region and date",
          TableType: 'EXTERNAL_TABLE',
          Parameters: {
            ...TRAIL_TABLE_PARAMETERS,
            ...regionDateProjection(props.regions, props.retentionDays),
            'storage.location.template': under('/CloudTrail/${region}/${date}/'),
          },
          PartitionKeys: [
            { Name: 'region', Type: 'string' },
            { Name: 'date', Type: 'string', Comment: 'yyyy/MM/dd' },
          ],
          StorageDescriptor: {
            Location: under('/CloudTrail/'),
            InputFormat: CLOUDTRAIL_FORMAT.inputFormat,
            OutputFormat: CLOUDTRAIL_FORMAT.outputFormat,
            SerdeInfo: { SerializationLibrary: CLOUDTRAIL_FORMAT.serializationLibrary },
            Columns: CLOUDTRAIL_COLUMNS.map((c) => ({ Name: c.name, Type: c.type })),
          },
        },
      },
    },
    QueryWorkGroup: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: props.workGroupName,
        Description: "Queries this account's own logs; results stay in this account",
        State: 'ENABLED',
        // A team's saved queries are never deleted with the workgroup: the update fails instead.
        RecursiveDeleteOption: false,
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: cutoff.toBytes(),
          EngineVersion: { SelectedEngineVersion: 'AUTO' },
          ResultConfiguration: {
            OutputLocation: sub('s3://${QueryResults}/'),
            ExpectedBucketOwner: { Ref: 'AWS::AccountId' },
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          },
        },
      },
    },
  };

  const statements = [
    {
      Sid: 'QueryInOwnWorkGroup',
      Effect: 'Allow',
      Action: ATHENA_QUERY_ACTIONS,
      Resource: regional('athena', `workgroup/${props.workGroupName}`),
    },
    // What the Athena console's query editor reads to list workgroups, databases and tables.
    { Sid: 'ListWorkGroups', Effect: 'Allow', Action: 'athena:ListWorkGroups', Resource: '*' },
    {
      Sid: 'BrowseDataCatalog',
      Effect: 'Allow',
      Action: [
        'athena:GetDataCatalog',
        'athena:ListDatabases',
        'athena:GetDatabase',
        'athena:ListTableMetadata',
        'athena:GetTableMetadata',
      ],
      Resource: regional('athena', 'datacatalog/AwsDataCatalog'),
    },
    {
      Sid: 'ReadOwnLogsTable',
      Effect: 'Allow',
      Action: GLUE_TABLE_READ_ACTIONS,
      Resource: [
        regional('glue', 'catalog'),
        regional('glue', `database/${props.databaseName}`),
        regional('glue', `table/${props.databaseName}/*`),
      ],
    },
    {
      Sid: 'ListQueryResults',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      Resource: { 'Fn::GetAtt': ['QueryResults', 'Arn'] },
    },
    {
      Sid: 'WriteAndReadQueryResults',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: sub('${QueryResults.Arn}/*'),
    },
  ];

  const outputs = {
    WorkGroup: { Description: 'Run queries in this Athena workgroup, as the reader role', Value: props.workGroupName },
    Table: { Description: "The table of this account's events", Value: `${props.databaseName}.${tableName}` },
  };
  return { resources, statements, outputs };
}

/** A Glue column: a name and a Hive type. */
export interface Column {
  readonly name: string;
  readonly type: string;
}

const struct = (fields: Record<string, string>) =>
  `struct<${Object.entries(fields)
    .map(([name, type]) => `${name}:${type}`)
    .join(',')}>`;

/**
 * The CloudTrail record, as Athena's documented CloudTrail table reads it with
 * the CloudTrail input format: nested identity fields as structs, free-form
 * request and response bodies as JSON strings (query them with json_extract).
 */
export const CLOUDTRAIL_COLUMNS: readonly Column[] = [
  { name: 'eventversion', type: 'string' },
  {
    name: 'useridentity',
    type: struct({
      type: 'string',
      principalid: 'string',
      arn: 'string',
      accountid: 'string',
      invokedby: 'string',
      accesskeyid: 'string',
      username: 'string',
      onbehalfof: struct({ userid: 'string', identitystorearn: 'string' }),
      sessioncontext: struct({
        attributes: struct({ mfaauthenticated: 'string', creationdate: 'string' }),
        sessionissuer: struct({
          type: 'string',
          principalid: 'string',
          arn: 'string',
          accountid: 'string',
          username: 'string',
        }),
        ec2roledelivery: 'string',
        webidfederationdata: struct({ federatedprovider: 'string', attributes: 'map<string,string>' }),
        sourceidentity: 'string',
      }),
    }),
  },
  { name: 'eventtime', type: 'string' },
  { name: 'eventsource', type: 'string' },
  { name: 'eventname', type: 'string' },
  { name: 'awsregion', type: 'string' },
  { name: 'sourceipaddress', type: 'string' },
  { name: 'useragent', type: 'string' },
  { name: 'errorcode', type: 'string' },
  { name: 'errormessage', type: 'string' },
  { name: 'requestparameters', type: 'string' },
  { name: 'responseelements', type: 'string' },
  { name: 'additionaleventdata', type: 'string' },
  { name: 'requestid', type: 'string' },
  { name: 'eventid', type: 'string' },
  { name: 'readonly', type: 'string' },
  { name: 'resources', type: `array<${struct({ arn: 'string', accountid: 'string', type: 'string' })}>` },
  { name: 'eventtype', type: 'string' },
  { name: 'apiversion', type: 'string' },
  { name: 'recipientaccountid', type: 'string' },
  { name: 'serviceeventdetails', type: 'string' },
  { name: 'sharedeventid', type: 'string' },
  { name: 'vpcendpointid', type: 'string' },
  { name: 'vpcendpointaccountid', type: 'string' },
  { name: 'eventcategory', type: 'string' },
  {
    name: 'addendum',
    type: struct({ reason: 'string', updatedfields: 'string', originalrequestid: 'string', originaleventid: 'string' }),
  },
  { name: 'sessioncredentialfromconsole', type: 'string' },
  { name: 'edgedevicedetails', type: 'string' },
  {
    name: 'tlsdetails',
    type: struct({ tlsversion: 'string', ciphersuite: 'string', clientprovidedhostheader: 'string' }),
  },
];

/** How Athena reads CloudTrail log files (the input format unwraps each file's `Records` array). */
export const CLOUDTRAIL_FORMAT = {
  inputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe',
} as const;

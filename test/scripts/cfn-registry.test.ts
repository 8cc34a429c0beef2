import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSource, subset } from '../../scripts/cfn-registry';

const SAMPLES = path.join(__dirname, '../fixtures/cfn-registry/samples');

describe('reading CloudFormation handler permissions', () => {
  test("reads every resource schema of a schema archive, sorted, with the meta-schema's tagging defaults", () => {
    // GIVEN an archive laid out like CloudformationSchema.zip: deflated and stored schemas, a meta-schema, a non-JSON file
    const zip = fs.readFileSync(path.join(SAMPLES, 'schemas.zip'));
    // WHEN it is parsed
    const parsed = parseSource(zip, 'schemas.zip');
    // THEN each resource type has its handlers' permissions, deduplicated and sorted, and nothing else
    expect(parsed).toEqual({
      'AWS::Events::Rule': {
        create: ['events:DescribeRule', 'events:PutRule', 'iam:PassRole'],
        read: ['events:DescribeRule'],
        update: ['events:PutRule'],
        delete: ['events:DeleteRule'],
        tagging: {
          taggable: true,
          cloudFormationSystemTags: true,
          permissions: ['events:TagResource', 'events:UntagResource'],
        },
      },
      'AWS::IAM::ManagedPolicy': {
        create: ['iam:CreatePolicy'],
        read: [],
        update: [],
        delete: ['iam:DeletePolicy'],
        tagging: { taggable: false, cloudFormationSystemTags: false, permissions: [] },
      },
      'AWS::Old::Thing': {
        create: [],
        read: [],
        update: [],
        delete: [],
        tagging: { taggable: true, cloudFormationSystemTags: true, permissions: [] },
      },
    });
  });

  test('reads a single schema, and the extracted JSON it writes, to the same result', () => {
    const schema = {
      typeName: 'AWS::SNS::Topic',
      handlers: { create: { permissions: ['sns:CreateTopic'] } },
      tagging: { taggable: true, cloudFormationSystemTags: false, permissions: ['sns:TagResource'] },
    };
    const fromSchema = parseSource(Buffer.from(JSON.stringify(schema)), 'topic.json');
    const vendored = { source: 'x', retrieved: '2026-12-01', types: fromSchema };
    expect(parseSource(Buffer.from(JSON.stringify(vendored)), 'vendored.json')).toEqual(fromSchema);
    expect(parseSource(Buffer.from(JSON.stringify(fromSchema)), 'shared.json')).toEqual(fromSchema);
    expect(fromSchema['AWS::SNS::Topic'].tagging).toEqual({
      taggable: true,
      cloudFormationSystemTags: false,
      permissions: ['sns:TagResource'],
    });
  });

  test('the vendored file is in the shape the gate reads, sorted by type', () => {
    const vendored = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../fixtures/cfn-registry/handler-permissions.json'), 'utf8'),
    );
    expect(vendored.source).toMatch(/CloudformationSchema\.zip/);
    expect(vendored.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(vendored.types)).toEqual(Object.keys(vendored.types).sort());
    expect(parseSource(Buffer.from(JSON.stringify(vendored)), 'vendored')).toEqual(vendored.types);
  });

  test('fails when the source is neither a zip archive nor JSON, naming it', () => {
    expect(() => parseSource(Buffer.from('<html>rate limited</html>'), 'download')).toThrow(
      /^download is neither a zip archive nor JSON/,
    );
  });

  test('fails when the source maps something other than resource types', () => {
    expect(() => parseSource(Buffer.from('{"hello": {}}'), 'odd.json')).toThrow(
      'odd.json: expected resource type names mapped to handler permissions, got key hello',
    );
  });

  test('fails when a wanted type has no schema in the source, naming it', () => {
    const parsed = parseSource(fs.readFileSync(path.join(SAMPLES, 'schemas.zip')), 'schemas.zip');
    expect(() => subset(parsed, ['AWS::Events::Rule', 'AWS::SQS::Queue'], 'schemas.zip')).toThrow(
      'schemas.zip has no schema for AWS::SQS::Queue',
    );
    expect(Object.keys(subset(parsed, ['AWS::IAM::ManagedPolicy', 'AWS::Events::Rule'], 'schemas.zip'))).toEqual([
      'AWS::Events::Rule',
      'AWS::IAM::ManagedPolicy',
    ]);
  });
});

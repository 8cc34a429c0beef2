import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLandingZone } from '../../lib/landing-zone';
import { exampleConfig, newApp } from '../support/app';

/** Types whose replacement or deletion loses data or makes encrypted data unreadable. */
const STATEFUL_TYPES = new Set([
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::CloudTrail::EventDataStore',
  'AWS::SecurityLake::DataLake',
  'AWS::Glue::Database',
  'AWS::Glue::Table',
]);

/**
 * The committed list of every stateful resource's logical ID. A rename that
 * would make CloudFormation replace one fails here: update the list only when
 * the replacement is intended and the data has been migrated.
 */
const LIST = path.join(__dirname, 'stateful-resources.json');

describe('stateful resources', () => {
  const app = newApp();
  buildLandingZone(app, exampleConfig(), { nag: false });
  const assembly = app.synth();
  const found = assembly.stacks.flatMap((stack) =>
    Object.entries<{ Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }>(stack.template.Resources)
      .filter(([, resource]) => STATEFUL_TYPES.has(resource.Type))
      .map(([logicalId, resource]) => ({ id: `${stack.stackName}/${logicalId}`, ...resource })),
  );

  test('are retained on delete and on replacement', () => {
    const notRetained = found
      .filter((r) => r.DeletionPolicy !== 'Retain' || r.UpdateReplacePolicy !== 'Retain')
      .map((r) => `${r.id} (${r.Type})`);
    expect(notRetained).toEqual([]);
  });

  test('keep the logical IDs in the committed list', () => {
    const committed: string[] = JSON.parse(fs.readFileSync(LIST, 'utf8'));
    expect(found.map((r) => `${r.id} ${r.Type}`).sort()).toEqual([...committed].sort());
  });
});

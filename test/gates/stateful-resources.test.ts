import * as fs from 'node:fs';
import * as path from 'node:path';
import { landingZoneAssembly } from '../support/assembly-cache';

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

interface Resource {
  readonly Type: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Properties?: Record<string, any>;
}

describe('stateful resources', () => {
  const assembly = landingZoneAssembly();
  // StackSet instances hold stateful resources too: they are listed under the StackSet's ID.
  const templates = assembly.stacks.flatMap((stack) => [
    { path: stack.stackName, resources: stack.template.Resources as Record<string, Resource> },
    ...Object.entries<Resource>(stack.template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::CloudFormation::StackSet')
      .map(([logicalId, resource]) => ({
        path: `${stack.stackName}/${logicalId}`,
        resources: JSON.parse(resource.Properties!.TemplateBody).Resources as Record<string, Resource>,
      })),
  ]);
  const found = templates.flatMap((template) =>
    Object.entries(template.resources)
      .filter(([, resource]) => STATEFUL_TYPES.has(resource.Type))
      .map(([logicalId, resource]) => ({ id: `${template.path}/${logicalId}`, ...resource })),
  );

  test('are retained on delete and on replacement, but not left behind by a rolled-back first create', () => {
    // RetainExceptOnCreate keeps the data of a stack that existed, while a first create that
    // rolls back deletes what it made: a plain Retain would leave named buckets, log groups and
    // tables behind, and the retry would collide with them ("already exists").
    const wrong = found
      .filter((r) => r.DeletionPolicy !== 'RetainExceptOnCreate' || r.UpdateReplacePolicy !== 'Retain')
      .map(
        (r) => `${r.id} (${r.Type}): DeletionPolicy ${r.DeletionPolicy}, UpdateReplacePolicy ${r.UpdateReplacePolicy}`,
      );
    expect(wrong).toEqual([]);
  });

  test('keep the logical IDs in the committed list', () => {
    const committed: string[] = JSON.parse(fs.readFileSync(LIST, 'utf8'));
    expect(found.map((r) => `${r.id} ${r.Type}`).sort()).toEqual([...committed].sort());
  });
});

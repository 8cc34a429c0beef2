/**
 * Reads the IAM permissions CloudFormation's resource handlers call, from the
 * resource provider schemas AWS publishes: the `handlers.<op>.permissions`
 * and `tagging` sections of each schema. The source is either AWS's schema
 * archive (`CloudformationSchema.zip`, one JSON schema per resource type), a
 * single schema, or a JSON map of type name to permissions already extracted
 * (the shape this module writes).
 */
import * as zlib from 'node:zlib';

/** AWS's public archive of every resource provider schema of a region. */
export const SCHEMA_ARCHIVE_URL = 'https://schema.cloudformation.us-east-1.amazonaws.com/CloudformationSchema.zip';

export interface Tagging {
  readonly taggable: boolean;
  /** CloudFormation adds its `aws:cloudformation:*` tags to the resource, so it calls the tagging permissions. */
  readonly cloudFormationSystemTags: boolean;
  readonly permissions: readonly string[];
}

export interface HandlerPermissions {
  readonly create: readonly string[];
  readonly read: readonly string[];
  readonly update: readonly string[];
  readonly delete: readonly string[];
  readonly tagging: Tagging;
}

export type HandlerPermissionsByType = Record<string, HandlerPermissions>;

const OPERATIONS = ['create', 'read', 'update', 'delete'] as const;

/** The handler permissions of every resource type in `source`, a zip archive or JSON. */
export function parseSource(source: Buffer, name: string): HandlerPermissionsByType {
  if (source.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const schemas = readZip(source, name)
      .filter((entry) => entry.name.endsWith('.json'))
      .map((entry) => parseJson(entry.data.toString('utf8'), `${name}:${entry.name}`));
    return fromSchemas(schemas, name);
  }
  const json = parseJson(source.toString('utf8'), name);
  if (typeof json.typeName === 'string') return fromSchemas([json], name);
  if (json.types && typeof json.types === 'object') return fromExtracted(json.types, name);
  return fromExtracted(json, name);
}

/** Only `types`, in name order, each action list sorted: a stable file to review in a diff. */
export function subset(
  all: HandlerPermissionsByType,
  types: readonly string[],
  source: string,
): HandlerPermissionsByType {
  const missing = types.filter((t) => !all[t]);
  if (missing.length > 0) throw new Error(`${source} has no schema for ${missing.join(', ')}`);
  return Object.fromEntries([...types].sort().map((t) => [t, all[t]]));
}

// Schemas are open JSON documents; only the fields read here are relied on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function fromSchemas(schemas: any[], source: string): HandlerPermissionsByType {
  const out: HandlerPermissionsByType = {};
  for (const schema of schemas) {
    if (typeof schema.typeName !== 'string') continue; // the archive also holds meta-schemas
    const permissions = (op: string) => sorted(schema.handlers?.[op]?.permissions ?? []);
    // The provider meta-schema defaults both flags to true when a schema leaves them out.
    const taggable = schema.tagging?.taggable ?? schema.taggable ?? true;
    out[schema.typeName] = {
      create: permissions('create'),
      read: permissions('read'),
      update: permissions('update'),
      delete: permissions('delete'),
      tagging: {
        taggable,
        cloudFormationSystemTags: taggable && (schema.tagging?.cloudFormationSystemTags ?? true),
        permissions: sorted(schema.tagging?.permissions ?? []),
      },
    };
  }
  if (Object.keys(out).length === 0) throw new Error(`${source} holds no resource provider schema`);
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function fromExtracted(map: Record<string, any>, source: string): HandlerPermissionsByType {
  const out: HandlerPermissionsByType = {};
  for (const [type, entry] of Object.entries(map)) {
    if (!/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(type) || typeof entry !== 'object' || !entry) {
      throw new Error(`${source}: expected resource type names mapped to handler permissions, got key ${type}`);
    }
    out[type] = {
      ...(Object.fromEntries(OPERATIONS.map((op) => [op, sorted(entry[op] ?? [])])) as Record<
        (typeof OPERATIONS)[number],
        string[]
      >),
      tagging: {
        taggable: Boolean(entry.tagging?.taggable),
        cloudFormationSystemTags: Boolean(entry.tagging?.cloudFormationSystemTags),
        permissions: sorted(entry.tagging?.permissions ?? []),
      },
    };
  }
  return out;
}

function sorted(actions: unknown): string[] {
  if (!Array.isArray(actions)) throw new Error(`expected a list of IAM actions, got ${JSON.stringify(actions)}`);
  return [...new Set(actions.map(String))].sort();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function parseJson(text: string, name: string): any {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is neither a zip archive nor JSON: ${(error as Error).message}`);
  }
}

interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** The files of a zip archive (stored or deflated; no zip64, which a schema archive does not need). */
export function readZip(zip: Buffer, name: string): ZipEntry[] {
  const END = 0x06054b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${name} is not a zip archive: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${name}: corrupt central directory`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (entryName.endsWith('/')) continue;
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${name}:${entryName} uses unsupported compression ${method}`);
    entries.push({ name: entryName, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
  }
  return entries;
}

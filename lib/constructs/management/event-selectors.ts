/** Which events of a category are logged. */
export type ReadWrite = 'all' | 'writeOnly';

export interface FieldSelector {
  readonly field: string;
  readonly equalTo?: string[];
  readonly notStartsWith?: string[];
}

/** One advanced event selector, in the shape both `AWS::CloudTrail::Trail` and `EventDataStore` take. */
export interface AdvancedEventSelector {
  readonly name: string;
  readonly fieldSelectors: FieldSelector[];
}

export interface TrailEventSelectorOptions {
  readonly managementEvents: ReadWrite;
  /** S3 object-level events. */
  readonly s3DataEvents: 'none' | ReadWrite;
  /** Buckets whose object events are never logged; non-empty whenever S3 data events are on. */
  readonly excludedBucketNames: readonly string[];
  readonly lambdaDataEvents: boolean;
}

/** Management events, all or writes only. */
export function managementEventSelector(events: ReadWrite): AdvancedEventSelector {
  return {
    name: events === 'all' ? 'All management events' : 'Write management events',
    fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }, ...readOnlyFilter(events)],
  };
}

/**
 * The organization trail's advanced event selectors. S3 data events exclude
 * the log buckets: a trail that logged its own deliveries would write a log
 * file about every log file it writes, forever.
 */
export function trailEventSelectors(options: TrailEventSelectorOptions): AdvancedEventSelector[] {
  const selectors = [managementEventSelector(options.managementEvents)];
  if (options.s3DataEvents !== 'none') {
    if (options.excludedBucketNames.length === 0) {
      throw new Error('excludedBucketNames must name the trail bucket when S3 data events are logged, got none');
    }
    selectors.push({
      name: 'S3 object events, except the log buckets',
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', notStartsWith: options.excludedBucketNames.map((name) => `arn:aws:s3:::${name}/`) },
        ...readOnlyFilter(options.s3DataEvents),
      ],
    });
  }
  if (options.lambdaDataEvents) {
    selectors.push({
      name: 'Lambda invocations',
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
      ],
    });
  }
  return selectors;
}

function readOnlyFilter(events: ReadWrite): FieldSelector[] {
  return events === 'writeOnly' ? [{ field: 'readOnly', equalTo: ['false'] }] : [];
}

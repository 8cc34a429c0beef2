import { renderPreflightReport } from '../../lib/org/render/preflight-report';
import { renderTable, wrap } from '../../lib/org/render/table';

describe('renderTable', () => {
  test('aligns columns and rules the header', () => {
    expect(
      renderTable(
        ['CHECK', 'RESULT', 'DETAIL'],
        [
          ['root', 'PASS', 'r-a1b2 is the root'],
          ['all features', 'FAIL', 'no'],
        ],
      ),
    ).toBe(
      [
        'CHECK         RESULT  DETAIL',
        '------------  ------  ------------------',
        'root          PASS    r-a1b2 is the root',
        'all features  FAIL    no',
      ].join('\n'),
    );
  });

  test('wraps the last column inside the width and keeps explicit lines', () => {
    const table = renderTable(
      ['A', 'DETAIL'],
      [['x', 'one two three four five six seven eight nine ten eleven\nfix: run it']],
      {
        width: 35,
      },
    );
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(35);
    expect(table).toContain('x  one two three four five six\n     seven eight nine ten eleven');
    expect(table).toContain('\n   fix: run it');
  });
});

describe('wrap', () => {
  test('never breaks inside a word such as an ARN or a command', () => {
    expect(wrap('see arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail now', 20)).toEqual([
      'see',
      '  arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail',
      '  now',
    ]);
  });
});

describe('renderPreflightReport', () => {
  test('puts the fix under the detail and never wraps a command, so it copies whole', () => {
    const command =
      '$ aws organizations deregister-delegated-administrator --account-id 444444444444 --service-principal guardduty.amazonaws.com';
    const report = renderPreflightReport(
      [
        { check: 'root', status: 'pass', detail: 'r-a1b2 is the root' },
        {
          check: 'delegated admin: GuardDuty',
          status: 'fail',
          detail: 'another account',
          fix: `in the management account:\n${command}`,
        },
      ],
      { width: 80 },
    );
    expect(report).toContain('fix: in the management account:');
    expect(
      report
        .split('\n')
        .find((l) => l.includes('deregister'))
        ?.trim(),
    ).toBe(command);
    expect(report).toMatch(/1 passed, 0 warnings, 1 failed\. Blocked: fix the FAIL rows, then run preflight again\.$/);
  });
});

export interface TableOptions {
  /**
   * Total width; the last column wraps at word boundaries to stay inside it.
   * @default 120
   */
  readonly width?: number;
}

const GAP = '  ';
/** Below this the last column would wrap every word onto its own line; overflow instead. */
const MIN_LAST_COLUMN = 30;

/**
 * A plain-text table: no colour and no box characters, so it reads the same in
 * a terminal, a CI log and a pull-request comment. A cell may hold several
 * lines (`\n`); each line of the last column is word-wrapped.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const width = options.width ?? 120;
  const last = headers.length - 1;
  const lines = (cell: string) => cell.split('\n');
  const widths = headers.map((h, c) =>
    c === last ? 0 : Math.max(h.length, ...rows.map((r) => Math.max(...lines(r[c] ?? '').map((l) => l.length)))),
  );
  const before = widths.slice(0, last).reduce((sum, w) => sum + w + GAP.length, 0);
  const lastWidth = Math.max(MIN_LAST_COLUMN, width - before);
  const out: string[] = [];
  const emit = (cells: readonly string[]) => {
    const columns = cells.map((cell, c) => (c === last ? lines(cell).flatMap((l) => wrap(l, lastWidth)) : lines(cell)));
    const height = Math.max(...columns.map((col) => col.length));
    for (let i = 0; i < height; i++) {
      const parts = columns.map((col, c) => (c === last ? (col[i] ?? '') : (col[i] ?? '').padEnd(widths[c])));
      out.push(parts.join(GAP).trimEnd());
    }
  };
  emit(headers);
  out.push(
    headers
      .map((h, c) => '-'.repeat(c === last ? Math.min(lastWidth, Math.max(h.length, longest(rows, c))) : widths[c]))
      .join(GAP),
  );
  rows.forEach(emit);
  return out.join('\n');
}

function longest(rows: readonly (readonly string[])[], c: number): number {
  return Math.max(0, ...rows.flatMap((r) => (r[c] ?? '').split('\n').map((l) => l.length)));
}

/**
 * Greedy word wrap; a word longer than the width (an ARN) keeps its own line
 * rather than breaking, and a command line (`$ ...`) is never wrapped, so it copies whole.
 */
export function wrap(text: string, width: number): string[] {
  const indent = /^\s*/.exec(text)![0];
  if (text.trimStart().startsWith('$ ')) return [text];
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [''];
  const out: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.trim() && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + '  ' + word;
    } else {
      line = line.trim() ? `${line} ${word}` : indent + word;
    }
  }
  out.push(line);
  return out;
}

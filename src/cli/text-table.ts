// Columns padded to their widest cell, two spaces apart: the tables `criteria check` and `state show` print.
import { printable } from '../core/index.js';

/** Cells hold names from the data or the state: each is made printable before it is measured. */
export function textTable(header: string[], cells: string[][]): string {
  const rows = cells.map((row) => row.map(printable));
  const widths = header.map((title, i) =>
    rows.reduce((widest, row) => Math.max(widest, row[i]?.length ?? 0), title.length),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

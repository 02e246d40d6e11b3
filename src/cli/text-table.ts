// Columns padded to their widest cell, two spaces apart: the tables `criteria check` and `state show` print.
export function textTable(header: string[], rows: string[][]): string {
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

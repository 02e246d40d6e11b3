// `scenario-report export pdf`: the status pages as PDF, for release meetings.
import type { Argv, CommandModule } from 'yargs';
import { exportPdf } from '../../app/export-pdf.js';
import {
  configFromArgs,
  loggerFromArgs,
  withConfigOptions,
  withLogOptions,
  type ConfigArgs,
  type LogArgs,
} from '../options.js';

interface ExportArgs extends ConfigArgs, LogArgs {
  format: string;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <format>',
  describe:
    'print the published status pages in --out to <out>/pdf/<version>/<installer>.pdf (needs Chromium)',
  builder: (yargs: Argv) =>
    withLogOptions(withConfigOptions(yargs))
      .positional('format', { choices: ['pdf'], describe: 'what to export: pdf' })
      .example(
        '$0 export pdf --out output --version colorado --installer fuel',
        'writes output/pdf/colorado/fuel.pdf',
      ) as Argv<ExportArgs>,
  handler: async (args) => {
    const config = await configFromArgs(args);
    const written = await exportPdf({
      outDir: config.outDir,
      versions: config.versions,
      installers: config.installers,
      logger: loggerFromArgs(args),
      env: process.env,
    });
    process.stdout.write(`${written.join('\n')}\n`);
  },
};

// `scenario-report export pdf`: the status pages as PDF, for release meetings.
import { exportPdf } from '../../app/export-pdf.js';
import { defineCommand, type CommandArgs } from '../command.js';
import { COMMAND_FLAGS, loggerFromArgs } from '../options.js';

export const exportCommand = defineCommand<CommandArgs & { format: string }>({
  command: 'export <format>',
  describe:
    'print the published status pages in --out to <out>/pdf/<version>/<installer>.pdf (needs Chromium)',
  flags: COMMAND_FLAGS.export,
  logs: true,
  options: (yargs) => yargs.positional('format', { choices: ['pdf'], describe: 'what to export: pdf' }),
  examples: [
    ['$0 export pdf --out output --version colorado --installer fuel', 'writes output/pdf/colorado/fuel.pdf'],
  ],
  run: async (args, config) => {
    const written = await exportPdf({
      outDir: config.outDir,
      versions: config.versions,
      installers: config.installers,
      logger: loggerFromArgs(args),
      env: process.env,
    });
    process.stdout.write(`${written.join('\n')}\n`);
  },
});

// `scenario-report config print`: the effective configuration after flags, environment, reporting.yaml
// and defaults, with every secret redacted, written as reporting.yaml so it loads back with --config.
import { stringify } from 'yaml';
import { redactConfig, reportingYamlOf } from '../../config/index.js';
import { defineCommand, type CommandArgs } from '../command.js';
import { COMMAND_FLAGS } from '../options.js';

export const configCommand = defineCommand<CommandArgs & { action: string }>({
  command: 'config <action>',
  describe: 'print the effective configuration (flags > environment > reporting.yaml > defaults)',
  flags: COMMAND_FLAGS.all,
  logs: false,
  options: (yargs) => yargs.positional('action', { choices: ['print'], describe: 'print it' }),
  examples: [
    ['MONGODB_URI=mongodb://reporter:…@db/ $0 config print', 'what a run would use, password hidden'],
    ['$0 config print --period 30 > reporting.yaml', 'a reporting.yaml to start from'],
  ],
  run: async (_args, config, configFile) => {
    process.stdout.write(
      `# config file: ${configFile ?? 'none'}\n${stringify(reportingYamlOf(redactConfig(config)))}`,
    );
  },
});

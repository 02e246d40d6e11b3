// `scenario-report config print`: the effective configuration after flags, environment, reporting.yaml
// and defaults, with every secret redacted, written as reporting.yaml so it loads back with --config.
import type { Argv, CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { redactConfig, reportingYamlOf } from '../../config/index.js';
import { resolveArgs, withConfigOptions, type ConfigArgs } from '../options.js';

interface ConfigCommandArgs extends ConfigArgs {
  action: string;
}

export const configCommand: CommandModule<object, ConfigCommandArgs> = {
  command: 'config <action>',
  describe: 'print the effective configuration (flags > environment > reporting.yaml > defaults)',
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .positional('action', { choices: ['print'], describe: 'print it' })
      .example(
        'MONGODB_URI=mongodb://reporter:…@db/ $0 config print',
        'what a run would use, password hidden',
      )
      .example(
        '$0 config print --period 30 > reporting.yaml',
        'a reporting.yaml to start from',
      ) as Argv<ConfigCommandArgs>,
  handler: async (args) => {
    const { config, configFile } = await resolveArgs(args);
    process.stdout.write(
      `# config file: ${configFile ?? 'none'}\n${stringify(reportingYamlOf(redactConfig(config)))}`,
    );
  },
};

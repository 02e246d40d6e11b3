// One way to declare a command: the configuration flags it reads (its --help lists those only), its own
// options, the examples its --help shows, and a handler given the resolved configuration.
import type { Argv, CommandModule } from 'yargs';
import type { ReportingConfig } from '../config/types.js';
import { resolveArgs, withConfigOptions, withLogOptions, type ConfigArgs, type LogArgs } from './options.js';

export type CommandArgs = ConfigArgs & LogArgs;

export interface CommandSpec<A extends CommandArgs> {
  command: string;
  describe: string;
  /** The configuration flags the command reads (COMMAND_FLAGS). */
  flags: readonly string[];
  /** --quiet, --verbose and --log-format, for commands that log. */
  logs: boolean;
  /** The command's own positionals and options. */
  options?: (yargs: Argv<CommandArgs>) => Argv<CommandArgs>;
  /** [command line, what it does]; every help screen shows at least one. */
  examples: readonly [string, string][];
  run: (args: A, config: ReportingConfig, configFile: string | null) => Promise<void>;
}

export function defineCommand<A extends CommandArgs>(spec: CommandSpec<A>): CommandModule<object, A> {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (yargs: Argv) => {
      const withConfig = withConfigOptions(yargs, spec.flags) as Argv<CommandArgs>;
      let built = spec.options ? spec.options(withConfig) : withConfig;
      if (spec.logs) built = withLogOptions(built);
      for (const [line, meaning] of spec.examples) built = built.example(line, meaning);
      return built as unknown as Argv<A>;
    },
    handler: async (args) => {
      const { config, configFile } = await resolveArgs(args);
      // yargs adds camel-cased copies of the flags; the handler reads the flags by their own names.
      await spec.run(args as unknown as A, config, configFile);
    },
  };
}

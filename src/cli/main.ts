import { errorText, SgDriftError } from '../errors';
import { displayText } from '../model/display-text';
import { ACCOUNTS_USAGE, accountsCommand } from './accounts-command';
import { HelpRequested } from './args';
import { AUDIT_USAGE, auditCommand } from './audit-command';
import { BASELINE_USAGE, baselineCommand } from './baseline-command';
import { type CliIo, exitQuietlyOnClosedPipe, processIo } from './io';
import { ORG_AUDIT_USAGE, orgAuditCommand, wantsOrgAudit } from './org-audit-command';
import { REPLAY_USAGE, replayCommand } from './replay-command';
import { REVERT_USAGE, revertCommand } from './revert-command';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  // `--accounts` makes it the organization audit (its own options and exit codes).
  audit: (args, io) => (wantsOrgAudit(args) ? orgAuditCommand(args, io) : auditCommand(args, io)),
  accounts: accountsCommand,
  baseline: baselineCommand,
  replay: replayCommand,
  revert: revertCommand,
};

/** What `sgdrift COMMAND --help` prints. */
const COMMAND_USAGE: Record<string, string> = {
  audit: `${AUDIT_USAGE}\n\n${ORG_AUDIT_USAGE}`,
  accounts: ACCOUNTS_USAGE,
  baseline: BASELINE_USAGE,
  replay: REPLAY_USAGE,
  revert: REVERT_USAGE,
};

const USAGE = `sgdrift — keep EC2 security groups on their declared baseline

${AUDIT_USAGE}

${ORG_AUDIT_USAGE}

${BASELINE_USAGE}

${ACCOUNTS_USAGE}

${REPLAY_USAGE}

${REVERT_USAGE}
`;

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  // Own keys only: `sgdrift constructor` is an unknown command, not Object's.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(
      `sgdrift: unknown command '${displayText(name)}' (commands: ${Object.keys(COMMANDS).join(', ')}; see sgdrift --help)`,
    );
    return 2;
  }
  // First, where no option could take it as its value (`baseline --help` has no subcommand yet);
  // anywhere else the command's parser finds it (HelpRequested).
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout(COMMAND_USAGE[name] ?? USAGE);
    return 0;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (!(error instanceof HelpRequested)) return reportError(error, io);
    io.stdout(COMMAND_USAGE[name] ?? USAGE);
    return 0;
  }
}

/** Known errors are one line and their exit code; anything else is a bug: say so, exit 1. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof SgDriftError) {
    io.stderr(`sgdrift: ${displayText(error.message)}`);
    return error.exitCode;
  }
  const message = errorText(error);
  io.stderr(`sgdrift: ${displayText(message.split('\n')[0] ?? '')}`);
  if (process.env.SGDRIFT_DEBUG && error instanceof Error) io.stderr(error.stack ?? '');
  return 1;
}

if (require.main === module) {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

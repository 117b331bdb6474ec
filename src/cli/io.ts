/** Where a command writes: injected so tests capture output without spawning a process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** What a shell reports for a process killed by SIGPIPE (128 + 13), as for `yes | head -1`. */
export const CLOSED_PIPE_EXIT_CODE = 141;

/**
 * A reader that went away (`sgdrift audit | head -1`) ends the run at once and quietly: no EPIPE
 * stack trace. 141, not 0: the output was cut short, so a script never reads it as "no findings".
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(CLOSED_PIPE_EXIT_CODE);
  });
}

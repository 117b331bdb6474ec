/**
 * Runs one benchmark task in a child process of the bundled benchmark, so its peak RSS is its own
 * (the process's max RSS, as Lambda bills and limits a function's memory), and reads back the
 * child's `FIGURES {json}` line. Asynchronous, so the parent can serve a local endpoint meanwhile.
 */
import { execFile } from 'node:child_process';

export function figuresOfChild(
  task: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [__filename, 'child', task, ...args],
      { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`benchmark task ${task} failed: ${stderr || error.message}`));
        const line = stdout.split('\n').find((candidate) => candidate.startsWith('FIGURES '));
        if (!line) return reject(new Error(`benchmark task ${task} printed no FIGURES line`));
        resolve(JSON.parse(line.slice('FIGURES '.length)));
      },
    );
  });
}

/** What a child task prints last: its figures, with its peak RSS and CPU so far. */
export function printChildFigures(figures: Record<string, number>): void {
  const usage = process.resourceUsage();
  console.log(
    `FIGURES ${JSON.stringify({
      ...figures,
      peakRssMb: Math.round(usage.maxRSS / 1024),
      processCpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    })}`,
  );
}

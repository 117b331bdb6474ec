/**
 * The change handler of a fresh container for a suite: its environment is the suite's base plus
 * what a test adds. The base goes on process.env before the handler module loads, because the
 * module's default export reads it at import.
 */
// biome-ignore lint/suspicious/noExplicitAny: the runtime and answer are read loosely by the suites
type Loose = any;

export function changeHandlers(baseEnv: Record<string, string>) {
  Object.assign(process.env, baseEnv);
  const { createChangeHandler } = require('../../src/handlers/security-group-change');
  const { loadRuntime } = require('../../src/handlers/runtime');
  const runtimeWith = (env: Record<string, string> = {}): Loose =>
    loadRuntime('test', { ...process.env, ...baseEnv, ...env });
  return {
    runtimeWith,
    /** A fresh container; `edit` changes its runtime (the baseline) first. */
    handlerWith(env: Record<string, string> = {}, edit?: (runtime: Loose) => void) {
      const runtime = runtimeWith(env);
      edit?.(runtime);
      return createChangeHandler(runtime) as (event: unknown, context?: unknown) => Promise<Loose>;
    },
  };
}

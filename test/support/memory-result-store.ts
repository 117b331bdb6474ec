import type { ResultStore } from '../../src/app/org-audit-item';

/** The run's files in memory, as the S3 result store would keep them (JSON text per key). */
export class MemoryResultStore implements ResultStore {
  readonly files = new Map<string, string>();

  async putJson(key: string, value: unknown): Promise<void> {
    this.files.set(key, JSON.stringify(value));
  }

  async getJson(key: string): Promise<unknown> {
    const text = this.files.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }
}

/** The last N entries by id, oldest forgotten first: bounded container state that survives warm invocations. */
export class RecentMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity = 1000) {}

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): V | undefined {
    return this.entries.get(id);
  }

  set(id: string, value: V): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}

/**
 * The CloudTrail eventIDs already alerted. EventBridge delivers at least once; a container that
 * already alerted for an event does not alert again.
 */
export class RecentIds extends RecentMap<true> {
  add(id: string): void {
    this.set(id, true);
  }
}

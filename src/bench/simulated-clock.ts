/**
 * A discrete-event clock: code awaits `sleep(ms)` of SIMULATED time, and `run` jumps from one
 * wake-up to the next instead of waiting, so an hour of organization audit runs in seconds. The
 * real CPU time a task spends between two wake-ups (the audit code itself: normalize, evaluate) is
 * added to the simulated clock of that task, so compute is not free in the simulation.
 */

interface Wakeup {
  at: number;
  seq: number;
  resolve: () => void;
}

export class SimulatedClock {
  private time = 0;
  private seq = 0;
  private readonly heap: Wakeup[] = [];
  /** Wake-ups created during the slice being run: they start after that slice's real compute. */
  private slice: Wakeup[] = [];
  private inSlice = false;

  /** `chargeCompute: false` makes the run deterministic (tests): compute then costs no simulated time. */
  constructor(private readonly options: { chargeCompute: boolean } = { chargeCompute: true }) {}

  /** Simulated milliseconds since the start. */
  now(): number {
    return this.time;
  }

  /** Resolves after `ms` simulated milliseconds. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wakeup = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      if (this.inSlice) this.slice.push(wakeup);
      else this.push(wakeup);
    });
  }

  /** Drives the simulation until `work` settles; one wake-up (one task's slice) at a time. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let settled = false;
    const settle = () => {
      settled = true;
    };
    const started = this.measureSlice(() => work());
    started.promise.then(settle, settle);
    await started.drained;
    while (!settled) {
      const next = this.pop();
      if (!next) throw new Error('simulation deadlock: work pending with no wake-up scheduled');
      this.time = Math.max(this.time, next.at);
      await this.measureSlice(() => next.resolve()).drained;
    }
    return started.promise;
  }

  /** Runs `step`, lets every microtask it caused run, and charges the real time to new wake-ups. */
  private measureSlice<T>(step: () => T): { promise: T; drained: Promise<void> } {
    this.inSlice = true;
    const started = performance.now();
    const promise = step();
    const drained = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const computeMs = this.options.chargeCompute ? performance.now() - started : 0;
      this.inSlice = false;
      for (const wakeup of this.slice) this.push({ ...wakeup, at: wakeup.at + computeMs });
      this.slice = [];
    });
    return { promise, drained };
  }

  private push(wakeup: Wakeup): void {
    const heap = this.heap;
    heap.push(wakeup);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!earlier(heap[index] as Wakeup, heap[parent] as Wakeup)) break;
      [heap[index], heap[parent]] = [heap[parent] as Wakeup, heap[index] as Wakeup];
      index = parent;
    }
  }

  private pop(): Wakeup | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && earlier(heap[left] as Wakeup, heap[smallest] as Wakeup)) smallest = left;
      if (right < heap.length && earlier(heap[right] as Wakeup, heap[smallest] as Wakeup)) smallest = right;
      if (smallest === index) return top;
      [heap[index], heap[smallest]] = [heap[smallest] as Wakeup, heap[index] as Wakeup];
      index = smallest;
    }
  }
}

function earlier(a: Wakeup, b: Wakeup): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

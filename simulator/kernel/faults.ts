/**
 * The one fault registry of the simulator: every API keeps its faults (a zod-checked description of what to break,
 * with an optional `count`) in an instance of it. What a fault means stays with the API that takes it; this only keeps
 * them in the order they were added, uses them up, and optionally mirrors them in SQLite so they survive a restart.
 */
export interface ActiveFault<F> {
  id: number;
  fault: F;
  /** Applications left; null means until deleted. */
  remaining: number | null;
}

/** Where a registry mirrors its faults; without one they live in memory only (a test's scenario, not state). */
export interface FaultPersistence {
  load(): { id: number; data: string }[];
  insert(data: string): number;
  update(id: number, data: string): void;
  delete(id: number): void;
  clear(): void;
}

export class FaultRegistry<F extends { count?: number }> {
  private active: ActiveFault<F>[];
  private nextId = 1;

  constructor(private readonly persistence?: FaultPersistence) {
    this.active = persistence ? persistence.load().map((row) => JSON.parse(row.data) as ActiveFault<F>) : [];
  }

  add(fault: F): ActiveFault<F> {
    const entry: ActiveFault<F> = { id: 0, fault, remaining: fault.count ?? null };
    if (this.persistence) {
      entry.id = this.persistence.insert(JSON.stringify(entry));
      this.persistence.update(entry.id, JSON.stringify(entry));
    } else {
      entry.id = this.nextId++;
    }
    this.active.push(entry);
    return entry;
  }

  list(): ActiveFault<F>[] {
    return [...this.active];
  }

  remove(id: number): boolean {
    const before = this.active.length;
    this.active = this.active.filter((entry) => entry.id !== id);
    this.persistence?.delete(id);
    return this.active.length < before;
  }

  clear(): void {
    this.active = [];
    this.persistence?.clear();
  }

  /**
   * The faults that apply to this call, oldest first, each used up by one. With `onePer`, only the oldest fault of
   * each key applies (so two pending `fail` faults fail two calls, not both the first).
   */
  take<T extends F>(matches: (fault: F) => fault is T, onePer?: (fault: T) => string): T[];
  take(matches: (fault: F) => boolean, onePer?: (fault: F) => string): F[];
  take(matches: (fault: F) => boolean, onePer?: (fault: F) => string): F[] {
    if (this.active.length === 0) return [];
    const taken: F[] = [];
    const keys = new Set<string>();
    for (const entry of this.active.filter((candidate) => matches(candidate.fault))) {
      if (onePer) {
        const key = onePer(entry.fault);
        if (keys.has(key)) continue;
        keys.add(key);
      }
      taken.push(entry.fault);
      if (entry.remaining === null) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.remove(entry.id);
      else this.persistence?.update(entry.id, JSON.stringify(entry));
    }
    return taken;
  }
}

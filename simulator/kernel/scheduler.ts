import type { VirtualClock } from "./clock";
import type { Repository } from "./database";
import type { JobPayload, JobRecord } from "../records";

/** What happened when a scheduled callback fell due, as reported by the clock endpoint. */
export interface FiredJob {
  job_id: number;
  kind: JobRecord["kind"];
  due_at: string;
  attempt: number;
  order_id: string | null;
  session_id: string | null;
  outcome: "sent" | "skipped" | "dropped" | "failed";
  url?: string;
  status?: number | null;
  latency_ms?: number;
  error?: string | null;
  reason?: string;
}

/** The part of a fired job's report that every job shares. */
export function jobBase(job: JobRecord) {
  return {
    job_id: job.id,
    kind: job.kind,
    due_at: new Date(job.due_at).toISOString(),
    attempt: job.attempt,
    order_id: job.order_id,
    session_id: job.session_id,
  };
}

export type JobRunner = (job: JobRecord) => Promise<FiredJob>;

/**
 * Pending callbacks are rows with a due time, so a restart keeps the push schedule. In manual mode they fire only
 * when the clock is advanced, one after the other, each at its own virtual time; in realtime mode a timer fires
 * whatever is due, concurrently, so one slow merchant does not hold back the others.
 */
export class Scheduler {
  private readonly repo: Repository;
  private readonly clock: VirtualClock;
  private readonly tickMs: number;
  private runner: JobRunner | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(repo: Repository, clock: VirtualClock, tickMs: number) {
    this.repo = repo;
    this.clock = clock;
    this.tickMs = tickMs;
  }

  setRunner(runner: JobRunner): void {
    this.runner = runner;
  }

  schedule(dueAt: number, payload: JobPayload, refs: { orderId?: string; sessionId?: string; attempt?: number }): void {
    this.repo.insertJob({
      due_at: dueAt,
      order_id: refs.orderId ?? null,
      session_id: refs.sessionId ?? null,
      attempt: refs.attempt ?? 1,
      payload,
    });
  }

  /** Moves virtual time forward and fires everything that falls due, in order, awaiting each. */
  advance(ms: number): Promise<FiredJob[]> {
    return this.exclusive(async () => {
      const fired: FiredJob[] = [];
      if (this.clock.mode === "realtime") {
        this.clock.advance(ms);
        await this.runDueInOrder(() => this.clock.now(), fired);
      } else {
        const target = this.clock.now() + ms;
        await this.runDueInOrder(() => target, fired);
        this.clock.moveTo(target);
      }
      this.persistClock();
      return fired;
    });
  }

  /** Fires what is due now (a callback whose first attempt is immediate) without waiting for it. */
  kick(): void {
    if (this.stopped) return;
    if (this.clock.mode === "realtime") this.tick();
    else void this.exclusive(() => this.runDueInOrder(() => this.clock.now(), []));
  }

  start(): void {
    this.repo.requeueRunningJobs();
    if (this.clock.mode === "realtime") {
      this.timer = setInterval(() => this.tick(), this.tickMs);
      this.timer.unref();
    }
    this.kick();
  }

  /** Stops firing, then waits for callbacks in flight (the caller aborts their HTTP requests first). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([this.chain, ...this.inFlight]);
  }

  /** Resolves once nothing is firing; lets tests and the reset endpoint wait for the background queue. */
  async idle(): Promise<void> {
    await Promise.allSettled([this.chain, ...this.inFlight]);
  }

  private tick(): void {
    if (this.stopped) return;
    this.persistClock();
    for (const job of this.repo.dueJobs(this.clock.now())) {
      if (!this.repo.claimJob(job.id)) continue;
      const run = this.execute(job).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  private async runDueInOrder(until: () => number, fired: FiredJob[]): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const job = this.repo.nextDueJob(until());
      if (!job) return;
      if (this.clock.mode === "manual") this.clock.moveTo(job.due_at);
      if (!this.repo.claimJob(job.id)) continue;
      fired.push(await this.execute(job));
    }
  }

  private async execute(job: JobRecord): Promise<FiredJob> {
    if (!this.runner) throw new Error("Scheduler has no runner");
    try {
      return await this.runner(job);
    } catch (error) {
      return { ...jobBase(job), outcome: "failed", error: error instanceof Error ? error.message : String(error) };
    } finally {
      if (!this.stopped) this.repo.finishJob(job.id, "done");
    }
  }

  private persistClock(): void {
    if (!this.stopped) this.repo.setMeta("virtual_now", String(this.clock.now()));
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

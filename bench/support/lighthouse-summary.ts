// What bench/lighthouse.ts prints for a page measured several times, and how it judges issue 28's goal: a single
// Lighthouse run on a shared machine moves by half a second of LCP, so the goal is judged on each page's medians
// (score, LCP, CLS, each the median of its own runs), with the worst run printed beside them.

/** Issue 28's goal for each page: Lighthouse 100 (mobile), LCP ≤ 1.5 s, no layout shift. */
export const LIGHTHOUSE_GOAL = { score: 100, lcpMs: 1_500, cls: 0 } as const;

/** One Lighthouse run of one page. */
export interface PageRun {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  fcpMs: number;
  speedIndexMs: number;
  /** The audits that lose points in this run ("id: title (value)"), for --details. */
  losing: string[];
  /** The LCP element's selector and snippet, when Lighthouse named one. */
  lcpElement?: string;
  /** The elements Lighthouse's layout-shifts audit names, for --details. */
  shifted?: string[];
}

export interface PageSummary {
  runs: number;
  median: Omit<PageRun, "losing" | "lcpElement" | "shifted">;
  /** The lowest score, the slowest LCP and the largest CLS of the runs (not necessarily one run). */
  worst: { score: number; lcpMs: number; cls: number };
  /** Each audit that lost points in some run ("id: title"), in how many runs, and the values it gave in them. */
  losing: { audit: string; runs: number; values: string[] }[];
  /** The LCP element of the run whose LCP is the median. */
  lcpElement?: string;
  /** Whether the medians meet the goal. A metric Lighthouse did not give (NaN) never meets it. */
  met: boolean;
}

/**
 * The median of a sample (the mean of the two middle values for an even count). NaN if the sample is empty or any
 * value is NaN, so a missing metric cannot pass the goal.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0 || values.some((value) => Number.isNaN(value))) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Whether one set of figures meets the goal; NaN compares false, so a missing figure fails. */
export function meetsGoal(figures: { score: number; lcpMs: number; cls: number }, goal = LIGHTHOUSE_GOAL): boolean {
  return figures.score >= goal.score && figures.lcpMs <= goal.lcpMs && figures.cls <= goal.cls;
}

export function summarize(runs: readonly PageRun[]): PageSummary {
  if (runs.length === 0) throw new Error("summarize: no runs");
  const of = (pick: (run: PageRun) => number) => runs.map(pick);
  const med = {
    score: median(of((run) => run.score)),
    lcpMs: median(of((run) => run.lcpMs)),
    tbtMs: median(of((run) => run.tbtMs)),
    cls: median(of((run) => run.cls)),
    fcpMs: median(of((run) => run.fcpMs)),
    speedIndexMs: median(of((run) => run.speedIndexMs)),
  };
  const worstOf = (values: number[], pick: (...v: number[]) => number) =>
    values.some((value) => Number.isNaN(value)) ? Number.NaN : pick(...values);
  // One entry per audit, whatever value it gave in each run ("unused-javascript: … (Est savings of 28 KiB)").
  const audits = new Map<string, { runs: number; values: string[] }>();
  for (const run of runs) {
    for (const line of new Set(run.losing)) {
      const value = /^(.*?) \((.*)\)$/.exec(line);
      const audit = value?.[1] ?? line;
      const entry = audits.get(audit) ?? { runs: 0, values: [] };
      entry.runs += 1;
      if (value?.[2]) entry.values.push(value[2]);
      audits.set(audit, entry);
    }
  }
  const byLcp = [...runs].sort((a, b) => a.lcpMs - b.lcpMs);
  return {
    runs: runs.length,
    median: med,
    worst: {
      score: worstOf(of((run) => run.score), Math.min),
      lcpMs: worstOf(of((run) => run.lcpMs), Math.max),
      cls: worstOf(of((run) => run.cls), Math.max),
    },
    losing: [...audits].map(([audit, entry]) => ({ audit, ...entry })).sort((a, b) => b.runs - a.runs),
    lcpElement: byLcp[Math.floor((byLcp.length - 1) / 2)]?.lcpElement,
    met: meetsGoal(med),
  };
}

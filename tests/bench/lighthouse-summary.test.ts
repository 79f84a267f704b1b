import { describe, expect, it } from "vitest";
import { median, meetsGoal, summarize, type PageRun } from "../../bench/support/lighthouse-summary";

const run = (score: number, lcpMs: number, cls = 0, losing: string[] = []): PageRun => ({
  score,
  lcpMs,
  tbtMs: 0,
  cls,
  fcpMs: 900,
  speedIndexMs: 900,
  losing,
  lcpElement: `element of ${lcpMs}`,
});

describe("bench/lighthouse.ts's summary (issue 28: 100, LCP ≤ 1.5 s, CLS 0, judged on the medians)", () => {
  it("takes the median of odd and even samples, and NaN when a figure is missing", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN, 2])).toBeNaN();
  });

  it("meets the goal on medians even when one run is slow, and prints that run as the worst", () => {
    const summary = summarize([
      run(100, 1_200, 0, ["unused-javascript: Reduce unused JavaScript (Est savings of 27 KiB)"]),
      run(97, 2_100, 0, ["largest-contentful-paint: LCP", "unused-javascript: Reduce unused JavaScript (Est savings of 28 KiB)"]),
      run(100, 1_300),
    ]);
    expect(summary.median).toMatchObject({ score: 100, lcpMs: 1_300, cls: 0 });
    expect(summary.worst).toEqual({ score: 97, lcpMs: 2_100, cls: 0 });
    expect(summary.losing).toEqual([
      { audit: "unused-javascript: Reduce unused JavaScript", runs: 2, values: ["Est savings of 27 KiB", "Est savings of 28 KiB"] },
      { audit: "largest-contentful-paint: LCP", runs: 1, values: [] },
    ]);
    expect(summary.lcpElement).toBe("element of 1300");
    expect(summary.met).toBe(true);
  });

  it("fails when the median score, the median LCP or the median CLS misses, or a figure is missing", () => {
    expect(summarize([run(99, 1_200), run(99, 1_200), run(100, 1_200)]).met).toBe(false);
    expect(summarize([run(100, 1_600), run(100, 1_400), run(100, 1_501)]).met).toBe(false);
    expect(summarize([run(100, 1_200, 0.01), run(100, 1_200, 0.02), run(100, 1_200)]).met).toBe(false);
    expect(summarize([run(100, Number.NaN)]).met).toBe(false);
    expect(summarize([run(Number.NaN, 1_000)]).met).toBe(false);
    expect(meetsGoal({ score: 100, lcpMs: 1_500, cls: 0 })).toBe(true);
  });
});

// Lighthouse on the production store, as a shopper on a phone sees it: the catalogue, a product page, the cart (with
// an item) and the checkout, each with Lighthouse's mobile preset (its default: a mid-range phone, simulated slow 4G
// and CPU throttling), the performance category, in the machine's Chromium (CHROMIUM_PATH, default /usr/bin/chromium,
// headless). Prints each page's score, largest contentful paint, total blocking time, cumulative layout shift, first
// contentful paint and speed index, and whether issue 28's goal holds (score 100, LCP ≤ 1.5 s, no layout shift).
// Run: npx next build (once), then npx tsx --conditions=react-server bench/lighthouse.ts [runs] [--driver=better-sqlite3|libsql]
// [--details] (runs per page, default 1; with more, the median score's run is printed; --details lists each page's
// audits that lose points, with the LCP element). Exits non-zero when a page misses the goal.
import { cpus, loadavg } from "node:os";
import { cartWith } from "../tests/integration/support/klarna-orders";
import { cartCookie } from "./support/round-trips";
import { benchDriver, benchNumber, pointStoreCodeAt, startBenchServers } from "./support/servers";

const RUNS = benchNumber(1);
const PRODUCT = "hiking-wool-socks";
const GOAL = { score: 100, lcpMs: 1_500, cls: 0 };
const DETAILS = process.argv.includes("--details");
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu"];

interface PageFigures {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  fcpMs: number;
  speedIndexMs: number;
  /** The audits that lose points, for --details. */
  losing: string[];
}

async function main() {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const servers = await startBenchServers(benchDriver());
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", chromeFlags: CHROME_FLAGS });
  try {
    pointStoreCodeAt(servers);
    const cookie = cartCookie(await cartWith([{ slug: PRODUCT, quantity: 1 }]));
    const pages: { name: string; path: string; headers?: Record<string, string> }[] = [
      { name: "Catalogue", path: "/" },
      { name: "Product page", path: `/products/${PRODUCT}` },
      { name: "Cart (one item)", path: "/cart", headers: { Cookie: cookie } },
      { name: "Checkout", path: "/checkout", headers: { Cookie: cookie } },
    ];
    // Each page once before it is measured, so no figure pays for the server compiling or caching its route.
    for (const page of pages) await fetch(servers.store.url + page.path, { headers: page.headers });

    let allMet = true;
    console.log(`\nLighthouse ${RUNS > 1 ? `(median of ${RUNS} runs) ` : ""}mobile preset, simulated throttling, ${servers.driver}`);
    console.log(`${"Page".padEnd(18)} score   LCP      TBT     CLS     FCP      Speed index`);
    for (const page of pages) {
      const runs: PageFigures[] = [];
      for (let run = 0; run < RUNS; run++) {
        const result = await lighthouse(servers.store.url + page.path, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance"],
          extraHeaders: page.headers,
        });
        if (!result) throw new Error(`Lighthouse gave no result for ${page.path}`);
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`Lighthouse on ${page.path}: ${lhr.runtimeError.message}`);
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
        runs.push({
          score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          lcpMs: audit("largest-contentful-paint"),
          tbtMs: audit("total-blocking-time"),
          cls: audit("cumulative-layout-shift"),
          fcpMs: audit("first-contentful-paint"),
          speedIndexMs: audit("speed-index"),
          losing: Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
            .map((a) => `${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ""}`)
            .concat(lcpElement(lhr.audits["largest-contentful-paint-element"]?.details)),
        });
      }
      const figures = runs.sort((a, b) => a.score - b.score)[Math.floor(runs.length / 2)]!;
      const met = figures.score >= GOAL.score && figures.lcpMs <= GOAL.lcpMs && figures.cls <= GOAL.cls;
      allMet &&= met;
      console.log(
        `${page.name.padEnd(18)} ${String(figures.score).padStart(5)}   ${seconds(figures.lcpMs)}   ${`${figures.tbtMs.toFixed(0)} ms`.padEnd(7)} ` +
          `${figures.cls.toFixed(3)}   ${seconds(figures.fcpMs)}   ${seconds(figures.speedIndexMs)}   ${met ? "goal met" : "goal NOT met"}`,
      );
      if (DETAILS) for (const line of figures.losing) console.log(`    ${line}`);
    }
    console.log(`\ngoal         score ${GOAL.score}, LCP ≤ ${GOAL.lcpMs / 1000} s, CLS ${GOAL.cls} on every page: ${allMet ? "met" : "NOT met"}`);
    console.log(`machine      load average ${loadavg().map((value) => value.toFixed(1)).join(" / ")} on ${cpus().length} cores (Lighthouse simulates the phone's throttling, so a busy machine still moves its figures)`);
    if (!allMet) process.exitCode = 1;
  } finally {
    chrome.kill();
    await servers.stop();
  }
}

/** The LCP element's selector and snippet, from Lighthouse's audit details (a table or a list of tables). */
function lcpElement(details: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (!value || typeof value !== "object") return;
    const node = value as { type?: string; selector?: string; snippet?: string };
    if (node.type === "node" && node.snippet) found.push(`LCP element: ${node.selector ?? ""} ${node.snippet}`);
    for (const child of Object.values(value)) visit(child);
  };
  visit(details);
  return found.slice(0, 1);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padEnd(6);

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

// Lighthouse on the production store, as a shopper on a phone sees it: the catalogue, a product page, the cart (with
// an item) and the checkout, each with Lighthouse's mobile preset (its default: a mid-range phone, simulated slow 4G
// and CPU throttling), the performance category, in the machine's Chromium (CHROMIUM_PATH, default /usr/bin/chromium,
// headless). Prints each page's score, largest contentful paint, total blocking time, cumulative layout shift, first
// contentful paint and speed index, and whether issue 28's goal holds (score 100, LCP ≤ 1.5 s, no layout shift).
// Run: npx next build (once), then npx tsx --conditions=react-server bench/lighthouse.ts [runs] [--driver=better-sqlite3|libsql]
// [--details] [--page=WORD] [--save=DIR]. Each page is measured `runs` times (default 3): a single run on a shared machine moves by half a second
// of LCP, so each figure printed is the median of its runs, the worst run's score, LCP and CLS are printed beside
// them, and the goal is judged on the medians (bench/support/lighthouse-summary.ts). --details lists the audits that
// lose points (in how many runs), the LCP element and the
// elements that shifted; --page= measures only the pages whose name contains WORD; --save= keeps each run's report. Exits non-zero when a page misses the goal.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cartWith } from "../tests/integration/support/klarna-orders";
import { LIGHTHOUSE_GOAL as GOAL, summarize, type PageRun } from "./support/lighthouse-summary";
import { cartCookie } from "./support/round-trips";
import { benchDriver, benchNumber, machineLoad, pointStoreCodeAt, startBenchServers } from "./support/servers";

const RUNS = benchNumber(3);
const PRODUCT = "hiking-wool-socks";
const DETAILS = process.argv.includes("--details");
/** `--save=DIR`: writes each run's full Lighthouse report (JSON) there, to open in the Lighthouse viewer. */
const SAVE = process.argv.find((arg) => arg.startsWith("--save="))?.slice("--save=".length);
/** `--page=WORD`: only the pages whose name contains WORD (case-insensitive), to look at one page's audits. */
const ONLY = process.argv.find((arg) => arg.startsWith("--page="))?.slice("--page=".length).toLowerCase();
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu"];

async function main() {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  // The store as a shop with Klarna's whole kit runs it, as the e2e stores do (playwright.config.ts): on-site messaging
  // (the simulator's web SDK and the demo client id it accepts) on the product page and the cart, and the Express
  // button beside them, so their scripts are measured with the pages.
  const servers = await startBenchServers(benchDriver(), {
    storeEnv: (simulatorUrl) => ({
      KLARNA_WEB_SDK_URL: `${simulatorUrl}/web-sdk/v1/klarna.js`,
      KLARNA_CLIENT_ID: "d5a0c9e2-3b1f-4e7a-8c6d-2f9b4a1e7c30",
      KLARNA_EXPRESS_CHECKOUT: "true",
    }),
  });
  // A fresh browser (and profile) for every run: Lighthouse resets a page's storage between runs but keeps cookies, so
  // a cookie one page set (the Express button's server action does) would ride along with the cart cookie of the next
  // page's run and show it another cart.
  let chrome: Awaited<ReturnType<typeof chromeLauncher.launch>> | undefined;
  const freshChrome = async () => {
    chrome?.kill();
    chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", chromeFlags: CHROME_FLAGS });
    return chrome;
  };
  try {
    pointStoreCodeAt(servers);
    const cookie = cartCookie(await cartWith([{ slug: PRODUCT, quantity: 1 }]));
    const pages: { name: string; path: string; headers?: Record<string, string> }[] = [
      { name: "Catalogue", path: "/" },
      { name: "Product page", path: `/products/${PRODUCT}` },
      { name: "Cart (one item)", path: "/cart", headers: { Cookie: cookie } },
      { name: "Checkout", path: "/checkout", headers: { Cookie: cookie } },
    ];
    if (ONLY !== undefined) pages.splice(0, pages.length, ...pages.filter((page) => page.name.toLowerCase().includes(ONLY)));
    if (pages.length === 0) throw new Error(`--page=${ONLY}: no page's name contains it`);
    // Each page once before it is measured, so no figure pays for the server compiling or caching its route.
    for (const page of pages) await fetch(servers.store.url + page.path, { headers: page.headers });

    if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`runs: give a whole number of runs per page, not ${RUNS}`);
    let allMet = true;
    const started = Date.now();
    console.log(`\nLighthouse mobile preset, simulated throttling, ${servers.driver}: ${RUNS === 1 ? "one run" : `median of ${RUNS} runs (worst run after /)`} per page`);
    console.log(`${"Page".padEnd(16)} ${"score".padEnd(9)} ${"LCP".padEnd(15)} ${"TBT".padEnd(7)} ${"CLS".padEnd(13)} ${"FCP".padEnd(7)} Speed index`);
    for (const page of pages) {
      const runs: PageRun[] = [];
      for (let run = 0; run < RUNS; run++) {
        const result = await lighthouse(servers.store.url + page.path, {
          port: (await freshChrome()).port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance"],
          extraHeaders: page.headers,
        });
        if (!result) throw new Error(`Lighthouse gave no result for ${page.path}`);
        const { lhr } = result;
        if (SAVE) {
          mkdirSync(SAVE, { recursive: true });
          writeFileSync(path.join(SAVE, `${page.name.split(" ")[0]!.toLowerCase()}-${servers.driver}-${run + 1}.json`), JSON.stringify(lhr));
        }
        if (lhr.runtimeError) throw new Error(`Lighthouse on ${page.path}: ${lhr.runtimeError.message}`);
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
        const score = lhr.categories.performance?.score;
        runs.push({
          score: typeof score === "number" ? Math.round(score * 100) : Number.NaN,
          lcpMs: audit("largest-contentful-paint"),
          tbtMs: audit("total-blocking-time"),
          cls: audit("cumulative-layout-shift"),
          fcpMs: audit("first-contentful-paint"),
          speedIndexMs: audit("speed-index"),
          losing: Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
            .map((a) => `${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ""}`),
          lcpElement: lcpElement(lhr.audits["largest-contentful-paint-element"]?.details)[0],
          shifted: nodes(lhr.audits["layout-shifts"]?.details).map((node) => `layout shift: ${node}`),
        });
      }
      const summary = summarize(runs);
      allMet &&= summary.met;
      const { median, worst } = summary;
      const withWorst = (value: string, worstValue: string) => (RUNS === 1 ? value : `${value} / ${worstValue}`);
      console.log(
        `${page.name.padEnd(16)} ${withWorst(String(median.score), String(worst.score)).padEnd(9)} ` +
          `${withWorst(seconds(median.lcpMs), seconds(worst.lcpMs)).padEnd(15)} ${`${median.tbtMs.toFixed(0)} ms`.padEnd(7)} ` +
          `${withWorst(median.cls.toFixed(3), worst.cls.toFixed(3)).padEnd(13)} ${seconds(median.fcpMs).padEnd(7)} ` +
          `${seconds(median.speedIndexMs).padEnd(6)}   ${summary.met ? "goal met" : "goal NOT met"}`,
      );
      if (DETAILS) {
        for (const { audit, runs: count, values } of summary.losing) {
          console.log(`    ${audit}${values.length > 0 ? ` (${values.join("; ")})` : ""}${RUNS > 1 ? ` [${count}/${RUNS} runs]` : ""}`);
        }
        if (summary.lcpElement) console.log(`    ${summary.lcpElement}`);
        for (const shifted of new Set(runs.flatMap((run) => run.shifted ?? []))) console.log(`    ${shifted}`);
      }
    }
    console.log(
      `\ngoal         score ${GOAL.score}, LCP ≤ ${GOAL.lcpMs / 1000} s, CLS ${GOAL.cls} on every page` +
        `${RUNS > 1 ? ` (judged on the medians of ${RUNS} runs)` : " (one run: give 3 or more for a robust figure)"}: ${allMet ? "met" : "NOT met"}`,
    );
    console.log(`time         ${((Date.now() - started) / 1000).toFixed(0)} s for ${RUNS * pages.length} Lighthouse runs`);
    console.log(`machine      ${machineLoad()} (Lighthouse simulates the phone's throttling, so a busy machine still moves its figures)`);
    if (!allMet) process.exitCode = 1;
  } finally {
    chrome?.kill();
    await servers.stop();
  }
}

/** The LCP element's selector and snippet, from Lighthouse's audit details (a table or a list of tables). */
function lcpElement(details: unknown): string[] {
  return nodes(details)
    .slice(0, 1)
    .map((node) => `LCP element: ${node}`);
}

/** Every element (selector and snippet) an audit's details name, in order. */
function nodes(details: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (!value || typeof value !== "object") return;
    const node = value as { type?: string; selector?: string; snippet?: string };
    if (node.type === "node" && node.snippet) found.push(`${node.selector ?? ""} ${node.snippet}`);
    for (const child of Object.values(value)) visit(child);
  };
  visit(details);
  return found;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

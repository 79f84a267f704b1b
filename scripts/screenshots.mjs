// Screenshots of store pages at desktop (1280 px) and phone (390 px) width, for looking at what shoppers see.
//
//   node scripts/screenshots.mjs [baseUrl] [outDir] [path ...]    pages of a running store, full length
//   npm run screenshots [-- storeUrl]                               the README's screenshots, in docs/screenshots/
//
// `npm run screenshots` buys something as Klarna's test shopper and signs in to the back office, so it needs a store
// talking to the simulator. Without a URL it starts its own store (the production build: run `npm run build` first)
// and simulator on spare ports (or PORT and SIMULATOR_PORT), with fresh databases, and stops them afterwards.
import { chromium } from "@playwright/test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { bin, root, simulatorDefaults, startService } from "./lib.mjs";

const VIEWPORTS = [
  ["desktop", { width: 1280, height: 900 }],
  ["phone", { width: 390, height: 844 }],
];

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

async function pagesOfRunningStore([baseUrl = "http://localhost:3000", outDir = "screenshots", ...paths]) {
  const pages = paths.length > 0 ? paths : ["/", "/products/ridgeline-daypack-28l", "/cart"];
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launch();
  for (const [label, viewport] of VIEWPORTS) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const pagePath of pages) {
      await page.goto(new URL(pagePath, baseUrl).href, { waitUntil: "networkidle" });
      const name = `${label}-${pagePath.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home"}.png`;
      await page.screenshot({ path: path.join(outDir, name), fullPage: true });
      console.log(path.join(outDir, name));
    }
    await context.close();
  }
  await browser.close();
}

function sparePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, name) {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${name} did not answer ${url} within two minutes`);
}

/** A store and a simulator of our own, on spare ports and fresh databases, as the browser tests run them. */
async function startServers() {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");
  // PORT and SIMULATOR_PORT choose the ports, as for `npm start`; unset, spare ones.
  const storePort = process.env.PORT ?? (await sparePort());
  const simulatorPort = process.env.SIMULATOR_PORT ?? (await sparePort());
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "screenshots-"));
  const storeUrl = `http://localhost:${storePort}`;
  const simulatorUrl = `http://localhost:${simulatorPort}`;
  const simulator = startService("simulator", bin("tsx"), ["simulator/main.ts"], {
    SIMULATOR_PORT: String(simulatorPort),
    SIMULATOR_DB: path.join(data, "simulator.db"),
    SIMULATOR_CLOCK: "manual",
    SIMULATOR_MERCHANT_NAME: "Trailhead Supply Co.",
  });
  const store = startService("store", bin("next"), ["start", "-p", String(storePort)], {
    DATABASE_URL: path.join(data, "store.db"),
    STORE_URL: storeUrl,
    ...simulatorDefaults(simulatorUrl, {}),
    AUTH_TRUST_HOST: "true",
  });
  const stop = () => {
    for (const child of [store, simulator]) child.kill();
    fs.rmSync(data, { recursive: true, force: true });
  };
  try {
    await waitFor(`${simulatorUrl}/_sim/health`, simulator, "The simulator");
    await waitFor(`${storeUrl}/api/health`, store, "The store");
  } catch (error) {
    stop();
    throw error;
  }
  return { storeUrl, stop };
}

let optimiserMissing = false;

/**
 * Keeps a committed screenshot small (they are shown on the repository page): 256 colours without dithering, with
 * ImageMagick's `convert` when it is installed, which takes a page of flat colours to a third or less. Without it the
 * file stays as Chromium wrote it.
 */
function optimise(file) {
  if (optimiserMissing) return;
  const result = spawnSync("convert", [file, "-dither", "None", "-colors", "256", `PNG8:${file}`], { stdio: "inherit" });
  if (result.error) {
    optimiserMissing = true;
    console.log("ImageMagick's `convert` is not installed: the screenshots are left unoptimised.");
  } else if (result.status !== 0) {
    throw new Error(`convert failed on ${file} with exit code ${result.status}`);
  }
}

/** Catalogue, checkout with Klarna's widget, receipt and the back-office order page, at each width. */
async function readmeScreenshots(storeUrl) {
  const outDir = path.join(root, "docs", "screenshots");
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launch();
  try {
    for (const [label, viewport] of VIEWPORTS) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, baseURL: storeUrl });
      const page = await context.newPage();
      const shot = async (name) => {
        const file = path.join(outDir, `${label}-${name}.png`);
        await page.screenshot({ path: file, animations: "disabled" });
        optimise(file);
        console.log(`${path.relative(root, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
      };

      await page.goto("/", { waitUntil: "networkidle" });
      await shot("catalogue");

      for (const [slug, quantity] of [["ridgeline-daypack-28l", 1], ["titanium-mug-450", 2]]) {
        await page.goto(`/products/${slug}`);
        await page.getByRole("spinbutton", { name: "Quantity" }).fill(String(quantity));
        await page.getByRole("button", { name: "Add to cart" }).click();
        await page.getByRole("form", { name: "Add to cart" }).getByRole("status").filter({ hasText: "Added" }).waitFor();
      }
      await page.goto("/checkout");
      await page.getByRole("region", { name: "Klarna payment details" }).waitFor();
      await page.getByRole("button", { name: "Fill in a test shopper" }).click();
      // The payment step with Klarna's widget in the middle of the screen, the address above it.
      await page.getByRole("region", { name: "Klarna payment details" }).evaluate((widget) => widget.scrollIntoView({ block: "center" }));
      await shot("checkout");

      await page.getByRole("button", { name: "Pay with Klarna" }).click();
      const dialog = page.getByRole("dialog", { name: "Klarna" });
      await dialog.getByRole("button", { name: "Continue" }).click();
      await dialog.getByLabel("Verification code").fill("123456");
      await dialog.getByRole("button", { name: "Confirm" }).click();
      await page.waitForURL(/\/checkout\/confirmation\?klarna_order_id=/, { timeout: 30_000 });
      await page.getByRole("heading", { level: 1, name: /Your order is confirmed/ }).waitFor();
      const orderNumber = (await page.getByTestId("order-number").textContent())?.trim();
      await shot("receipt");

      await page.goto("/admin/sign-in");
      await page.getByLabel("Email").fill("merchant@trailhead.example");
      await page.getByLabel("Password").fill("trailhead-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/admin/sign-in"));
      await page.goto(`/admin/orders/${orderNumber}`);
      await page.getByRole("heading", { level: 1, name: `Order ${orderNumber}` }).waitFor();
      await shot("admin-order");
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

const args = process.argv.slice(2);
if (args[0] === "--readme") {
  const given = args[1];
  const servers = given ? { storeUrl: given, stop: () => {} } : await startServers();
  try {
    await readmeScreenshots(servers.storeUrl);
  } finally {
    servers.stop();
  }
} else {
  await pagesOfRunningStore(args);
}

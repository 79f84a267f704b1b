// `npx tsx scripts/email-screenshots.ts [folder]`: every shopper email (lib/email/preview.ts) rendered in Chromium
// at 1280 and 390 px, as PNGs in the folder (default test-results/emails), to look at after changing lib/email.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { sampleEmails } from "../lib/email/preview";

async function main() {
  const folder = path.resolve(process.argv[2] ?? "test-results/emails");
  fs.mkdirSync(folder, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    for (const { kind, email } of sampleEmails()) {
      for (const width of [1280, 390]) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        await page.setContent(email.html);
        await page.screenshot({ path: path.join(folder, `${kind}-${width}.png`), fullPage: true });
        await page.close();
      }
      fs.writeFileSync(path.join(folder, `${kind}.txt`), `Subject: ${email.subject}\n\n${email.text}\n`);
    }
    console.log(`Wrote ${folder}`);
  } finally {
    await browser.close();
  }
}

void main();

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { missingDeploymentSecrets } from "@/lib/secrets";
import { simulatorDefaults, vercelBuildMigrates } from "../../scripts/lib.mjs";
import { documentationFiles, ROOT } from "./documented-commands";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("deploying to Vercel", () => {
  it("reads Turso's integration variables where the store's own are unset, and the store's own first", () => {
    const turso = { TURSO_DATABASE_URL: "libsql://shop-org.turso.io", TURSO_AUTH_TOKEN: "turso-token" };
    expect(parseEnv(turso)).toMatchObject({ DATABASE_URL: "libsql://shop-org.turso.io", DATABASE_AUTH_TOKEN: "turso-token" });
    const own = parseEnv({ ...turso, DATABASE_URL: "libsql://own-org.turso.io", DATABASE_AUTH_TOKEN: "own-token" });
    expect(own).toMatchObject({ DATABASE_URL: "libsql://own-org.turso.io", DATABASE_AUTH_TOKEN: "own-token" });
  });

  it("defaults STORE_URL to Vercel's production domain, over HTTPS, unless STORE_URL is set", () => {
    expect(parseEnv({ VERCEL_PROJECT_PRODUCTION_URL: "shop.example.com" }).STORE_URL).toBe("https://shop.example.com");
    expect(parseEnv({ VERCEL_PROJECT_PRODUCTION_URL: "shop.example.com", STORE_URL: "https://other.example" }).STORE_URL).toBe(
      "https://other.example",
    );
    expect(parseEnv({}).STORE_URL).toBe("http://localhost:3000");
  });

  it("turns the in-process reconcile scheduler off on Vercel, where Vercel Cron calls the route, unless asked", () => {
    expect(parseEnv({ VERCEL: "1" }).RECONCILE_EVERY_MS).toBe(0);
    expect(parseEnv({ VERCEL: "1", RECONCILE_EVERY_MS: "30000" }).RECONCILE_EVERY_MS).toBe(30_000);
    expect(parseEnv({}).RECONCILE_EVERY_MS).toBe(60_000);
  });

  it("migrates on production builds only; a preview only with a database of its own", () => {
    expect(vercelBuildMigrates({ VERCEL_ENV: "production" })).toBe(true);
    expect(vercelBuildMigrates({ VERCEL_ENV: "preview" })).toBe(false);
    expect(vercelBuildMigrates({ VERCEL_ENV: "preview", MIGRATE_PREVIEW_DATABASE: "1" })).toBe(true);
    expect(vercelBuildMigrates({ VERCEL_ENV: "development", MIGRATE_PREVIEW_DATABASE: "1" })).toBe(false);
    expect(vercelBuildMigrates({})).toBe(false);
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts["vercel-build"]).toBe("node scripts/vercel-build.mjs");
  });

  it("schedules the cron job at most daily, which every Vercel plan accepts", () => {
    const crons = (JSON.parse(read("vercel.json")) as { crons: { path: string; schedule: string }[] }).crons;
    expect(crons.map((cron) => cron.path)).toContain("/api/cron/reconcile");
    for (const { schedule } of crons) {
      const [minute, hour, ...days] = schedule.split(/\s+/);
      // A fixed minute and hour: once a day (Hobby refuses anything more frequent).
      expect(minute, schedule).toMatch(/^\d+$/);
      expect(hour, schedule).toMatch(/^\d+$/);
      expect(days, schedule).toHaveLength(3);
    }
  });

  it("asks, through the Deploy button, for the database and every secret a deployed store refuses to start without", () => {
    const requiredWhenDeployed = missingDeploymentSecrets({ STORE_URL: "https://shop.example.com" });
    const wanted = ["DATABASE_URL", "DATABASE_AUTH_TOKEN", "CRON_SECRET", ...requiredWhenDeployed];
    const known = new Set(Object.keys(parseEnv({})).concat("DATABASE_AUTH_TOKEN", "CRON_SECRET", "AUTH_SECRET", "CART_SECRET"));
    for (const file of ["README.md", "docs/deploy.md"]) {
      const button = /\(https:\/\/vercel\.com\/new\/clone\?([^)\s]+)\)/.exec(read(file));
      expect(button, `${file} has no Deploy button`).not.toBeNull();
      const asked = new URLSearchParams(button![1]).get("env")?.split(",") ?? [];
      expect(asked, file).toEqual(expect.arrayContaining(wanted));
      for (const name of asked) expect(known.has(name), `${file} asks for ${name}, which the store does not read`).toBe(true);
    }
  });

  it("runs the first merchant's CLI with the condition server-only needs", () => {
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts["admin:create"]).toBe("tsx --conditions=react-server lib/admin/create-merchant-cli.ts");
    expect(JSON.parse(read("package.json")).license).toBe("MIT");
    expect(read("LICENSE")).toMatch(/^MIT License/);
  });
});

describe("npm start and the simulator", () => {
  it("points every provider the store defaults to the simulator for at the simulator's port", () => {
    const defaults = parseEnv({}) as Record<string, unknown>;
    const onSimulator = Object.entries(defaults).filter(([, value]) => typeof value === "string" && value.startsWith("http://localhost:4010"));
    expect(onSimulator.length).toBeGreaterThanOrEqual(6);
    const moved = simulatorDefaults("http://localhost:4999", {});
    for (const [name, value] of onSimulator) {
      expect(moved[name], `${name} does not follow SIMULATOR_PORT`).toBe((value as string).replace("localhost:4010", "localhost:4999"));
    }
  });

  it("leaves a provider URL that is already set alone", () => {
    expect(simulatorDefaults("http://localhost:4999", { KUSTOM_API_URL: "https://api.playground.kustom.co" })).not.toHaveProperty(
      "KUSTOM_API_URL",
    );
  });
});

describe("the repository stands alone", () => {
  it("keeps the README short, and every image it shows committed, tracked and small", () => {
    const readme = read("README.md");
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(10_240);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((src) => !src.startsWith("http"));
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) {
      expect(existsSync(path.join(ROOT, image)), `${image} is missing`).toBe(true);
      expect(statSync(path.join(ROOT, image)).size, `${image} is over 150 KB`).toBeLessThanOrEqual(150 * 1024);
      const ignored = spawnSync("git", ["check-ignore", "-q", image], { cwd: ROOT });
      expect(ignored.status, `${image} is ignored by .gitignore`).toBe(1);
    }
  });

  it("links only to files that exist", () => {
    for (const file of documentationFiles()) {
      for (const match of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const resolved = path.join(ROOT, path.dirname(file), target.split("#")[0]!);
        expect(existsSync(resolved), `${file} links to ${target}, which does not exist`).toBe(true);
      }
    }
  });

  it("points at no path outside the repository", () => {
    const outside = spawnSync("git", ["grep", "-n", "-e", "\\.\\./shared", "--", ".", ":!tests/docs/deploy.test.ts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(outside.stdout).toBe("");
  });
});

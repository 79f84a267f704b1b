import { loadEnvConfig } from "@next/env";
import { migrateDatabase } from "./index";

// `npm run db:migrate`: applies pending migrations to DATABASE_URL. A deployment runs it on deploy (the Vercel
// build's `vercel-build`, production only: scripts/vercel-build.mjs), so instances never migrate at request time;
// local runs also migrate when they open. DATABASE_URL comes from the shell, else .env.local or .env, as for Next.js.
loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
migrateDatabase().then(
  ({ driver, location }) => console.log(`Database ${location.replace(/\?.*$/, "")} (${driver}) is up to date.`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

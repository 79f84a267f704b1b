// `npm run vercel-build`, which Vercel runs instead of `npm run build` when it exists: migrate, then `next build`.
//
// Migrations run once per production deployment, on its build (VERCEL_ENV=production), so the running instances
// never migrate at request time. A preview build does not migrate: its DATABASE_URL may well be the production
// database (Vercel hands every environment the variables marked for it, and the Turso integration often marks its
// own for all three), and a preview's migrations would change production's schema under the live store. Give
// Preview a database of its own and set MIGRATE_PREVIEW_DATABASE=1 in the Preview scope only to migrate it.
import { run, vercelBuildMigrates } from "./lib.mjs";

const environment = process.env.VERCEL_ENV;
if (vercelBuildMigrates()) {
  run("npm", ["run", "db:migrate"]);
} else {
  console.log(
    `VERCEL_ENV is ${environment ?? "unset"}: not migrating the database (only production builds do; ` +
      "MIGRATE_PREVIEW_DATABASE=1 lets a preview migrate a database of its own).",
  );
}
run("npm", ["run", "build"]);

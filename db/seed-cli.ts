import { env } from "@/lib/env";
import { atomically, closeDatabase, databaseTarget } from "./index";
import { seedCatalogue } from "./seed";

// `npm run db:seed`: replaces the catalogue with the demo products (and the demo coupons and block list). A local
// run seeds an empty database by itself; a deployment gets its catalogue only from this explicit step, after
// `npm run db:migrate`.
atomically(seedCatalogue).then(
  () => {
    closeDatabase();
    console.log(`Catalogue in ${databaseTarget(env().DATABASE_URL).location.replace(/\?.*$/, "")} reset to the demo products.`);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

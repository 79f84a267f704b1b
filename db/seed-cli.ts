import { databaseFile, openDatabase } from "./index";
import { seedCatalogue } from "./seed";

const { db, file, sqlite } = openDatabase(databaseFile());
seedCatalogue(db);
sqlite.close();
console.log(`Catalogue in ${file} reset to the demo products.`);

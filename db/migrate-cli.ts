import { databaseFile, openDatabase } from "./index";

// Opening the database applies pending migrations (and seeds an empty catalogue).
const { file, sqlite } = openDatabase(databaseFile());
sqlite.close();
console.log(`Database ${file} is up to date.`);

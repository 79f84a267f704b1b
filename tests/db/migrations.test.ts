import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import path from "node:path";
import { describe, expect, it } from "vitest";

const MIGRATIONS = path.resolve(__dirname, "..", "..", "db", "migrations");

describe("migration 0001 (providers and webhooks)", () => {
  it("keeps the orders of a store that ran 0000: each a Klarna Payments order whose reference is its Klarna order id", () => {
    const sqlite = new Database(":memory:");
    const [initial] = readMigrationFiles({ migrationsFolder: MIGRATIONS });
    for (const statement of initial!.sql) sqlite.exec(statement);
    // As drizzle's migrator records it, so that only the later migrations are pending.
    sqlite.exec("create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)");
    sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run(initial!.hash, initial!.folderMillis);
    const insert = sqlite.prepare(
      `insert into orders (klarna_order_id, order_number, access_token, market, currency, locale, order_amount,
        order_tax_amount, lines) values (?, ?, ?, 'SE', 'SEK', 'en-SE', 100, 20, '[]')`,
    );
    insert.run("klarna-1", "ORD-2026-000001", "token-1");
    insert.run("klarna-2", "ORD-2026-000002", "token-2");

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    expect(sqlite.prepare("select provider, provider_reference, klarna_order_id from orders order by id").all()).toEqual([
      { provider: "klarna-payments", provider_reference: "klarna-1", klarna_order_id: "klarna-1" },
      { provider: "klarna-payments", provider_reference: "klarna-2", klarna_order_id: "klarna-2" },
    ]);
    // (provider, provider_reference) is unique; a Klarna order id may now be missing.
    expect(() =>
      sqlite.exec(`insert into orders (provider, provider_reference, order_number, access_token, market, currency, locale,
        order_amount, order_tax_amount, lines) values ('klarna-payments', 'klarna-1', 'ORD-X', 'token-x', 'SE', 'SEK', 'en-SE', 1, 0, '[]')`),
    ).toThrow(/UNIQUE/);
    sqlite.close();
  });
});

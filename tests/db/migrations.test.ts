import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { networkCheckouts, networkRequests, networkWallets, webhookEvents } from "@/db/schema";

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

describe("migration 0005 (Klarna payment requests' tables in the schema)", () => {
  // The tables exactly as the store made them at run time before 0005 (lib/payments/klarna-network/storage.ts).
  const RUN_TIME_DDL = [
    `CREATE TABLE IF NOT EXISTS kn_checkouts (checkout_session_id TEXT PRIMARY KEY, role TEXT NOT NULL,
      payment_request_id TEXT, payment_request_url TEXT, state TEXT NOT NULL, token TEXT, transaction_id TEXT,
      remember INTEGER NOT NULL DEFAULT 0, wallet_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS kn_requests (payment_request_id TEXT PRIMARY KEY, checkout_session_id TEXT NOT NULL,
      created_at TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS kn_webhook_events (event_id TEXT PRIMARY KEY, event_type TEXT NOT NULL, subject TEXT,
      occurred_at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, applied_at TEXT)`,
    "CREATE INDEX IF NOT EXISTS kn_webhook_events_subject ON kn_webhook_events (subject, applied_at)",
    `CREATE TABLE IF NOT EXISTS kn_wallets (id TEXT PRIMARY KEY, customer_token TEXT NOT NULL, email TEXT,
      created_at TEXT NOT NULL, removed_at TEXT)`,
  ];

  /** A database migrated up to 0004, as a store that ran before 0005 has it. */
  function before0005() {
    const sqlite = new Database(":memory:");
    const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS });
    sqlite.exec("create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)");
    for (const migration of migrations.slice(0, 5)) {
      for (const statement of migration.sql) sqlite.exec(statement);
      sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run(migration.hash, migration.folderMillis);
    }
    sqlite.exec("insert into carts (id) values ('cart-1')");
    const session = sqlite.prepare(
      `insert into checkout_sessions (id, cart_id, market, provider, klarna_session_id, client_token, payment_method_categories,
        callback_token, "order", fingerprint) values (?, 'cart-1', 'SE', 'klarna-payments', ?, '', '[]', ?, '{}', 'f')`,
    );
    session.run("kp-session", "kp-klarna-session", "cb-1");
    session.run("kn-session", "krn:payment:eu1:request:1", "cb-2");
    return sqlite;
  }

  it("keeps every row of a store whose payment-request tables were made at run time, and files its checkouts under klarna-network", () => {
    const sqlite = before0005();
    for (const statement of RUN_TIME_DDL) sqlite.exec(statement);
    sqlite.exec(`insert into kn_checkouts values ('kn-session', 'merchant', 'krn:payment:eu1:request:1', 'https://pay', 'paid',
      'token', 'krn:payment:eu1:transaction:1', 1, null, '2026-03-02T09:00:00.000Z', '2026-03-02T09:01:00.000Z')`);
    sqlite.exec("insert into kn_requests values ('krn:payment:eu1:request:1', 'kn-session', '2026-03-02T09:00:00.000Z')");
    sqlite.exec(`insert into kn_webhook_events values ('evt-1', 'payment.request.state-change.completed', 'krn:payment:eu1:request:1',
      '2026-03-02T09:00:30.000Z', '2026-03-02T09:00:31.000Z', '{"metadata":{}}', null)`);
    sqlite.exec("insert into kn_wallets values ('wallet-1', 'customer-token', 'customer@email.se', '2026-03-02T09:01:00.000Z', null)");

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    const orm = drizzle(sqlite);
    expect(orm.select().from(networkCheckouts).all()).toEqual([
      expect.objectContaining({ checkoutSessionId: "kn-session", state: "paid", remember: true, transactionId: "krn:payment:eu1:transaction:1" }),
    ]);
    expect(orm.select().from(networkRequests).all()).toEqual([expect.objectContaining({ checkoutSessionId: "kn-session" })]);
    // Its webhook events are in the one inbox's table since 0006, unapplied as they were.
    expect(orm.select().from(webhookEvents).all()).toEqual([
      expect.objectContaining({ provider: "klarna-network", eventId: "evt-1", subjectReference: "krn:payment:eu1:request:1", appliedAt: null, body: { metadata: {} } }),
    ]);
    expect(orm.select().from(networkWallets).all()).toEqual([expect.objectContaining({ id: "wallet-1", customerToken: "customer-token" })]);
    expect(sqlite.prepare("select id, provider from checkout_sessions order by id").all()).toEqual([
      { id: "kn-session", provider: "klarna-network" },
      { id: "kp-session", provider: "klarna-payments" },
    ]);
    sqlite.close();
  });

  it("makes the tables on a store that never made them, and then nothing is made at run time", () => {
    const sqlite = before0005();
    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name like '%network%' order by name").all();
    // kn_webhook_events is made by 0005 and moved into the one inbox's webhook_events by 0006; 0008 names the rest
    // after the provider.
    expect(tables).toEqual([{ name: "klarna_network_checkouts" }, { name: "klarna_network_requests" }, { name: "klarna_network_wallets" }]);
    expect(sqlite.prepare("select provider from checkout_sessions where id = 'kn-session'").get()).toEqual({ provider: "klarna-payments" });
    sqlite.close();
  });
});

describe("migration 0006 (one webhook inbox)", () => {
  it("moves Checkout.com's recorded events into webhook_events, applied or not, and drops the provider's own table", () => {
    const sqlite = new Database(":memory:");
    const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS });
    sqlite.exec("create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)");
    for (const migration of migrations.slice(0, 6)) {
      for (const statement of migration.sql) sqlite.exec(statement);
      sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run(migration.hash, migration.folderMillis);
    }
    const received = Date.parse("2026-12-01T12:00:01.500Z");
    const insert = sqlite.prepare("insert into checkout_com_webhook_events values (?, ?, ?, '2026-12-01T12:00:00Z', ?, ?)");
    insert.run("evt_applied", "payment_approved", "pay_1", 1, received);
    insert.run("evt_kept", "payment_context_approved", "pct_1", 0, received);

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    const rows = drizzle(sqlite).select().from(webhookEvents).all();
    expect(rows).toEqual([
      expect.objectContaining({
        provider: "checkout-com",
        eventId: "evt_applied",
        eventType: "payment_approved",
        subjectReference: "pay_1",
        occurredAt: "2026-12-01T12:00:00Z",
        receivedAt: "2026-12-01T12:00:01.500Z",
        appliedAt: "2026-12-01T12:00:01.500Z",
        body: { id: "evt_applied", type: "payment_approved", created_on: "2026-12-01T12:00:00Z", data: { id: "pay_1" } },
      }),
      expect.objectContaining({ provider: "checkout-com", eventId: "evt_kept", subjectReference: "pct_1", appliedAt: null }),
    ]);
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name in ('checkout_com_webhook_events', 'kn_webhook_events')").all();
    expect(tables).toEqual([]);
    sqlite.close();
  });
});

describe("migration 0007 (provider_status)", () => {
  it("renames the orders' klarna_status to provider_status and keeps every value", () => {
    const sqlite = new Database(":memory:");
    const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS });
    sqlite.exec("create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)");
    for (const migration of migrations.slice(0, 7)) {
      for (const statement of migration.sql) sqlite.exec(statement);
      sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run(migration.hash, migration.folderMillis);
    }
    const insert = sqlite.prepare(
      `insert into orders (provider, provider_reference, order_number, access_token, market, currency, locale, order_amount,
        order_tax_amount, lines, klarna_status, captured_amount) values (?, ?, ?, ?, 'SE', 'SEK', 'en-SE', 100, 20, '[]', ?, ?)`,
    );
    insert.run("klarna-payments", "klarna-1", "ORD-2026-000001", "token-1", "PART_CAPTURED", 40);
    insert.run("checkout-com", "pay_1", "ORD-2026-000002", "token-2", "Captured", 100);
    insert.run("klarna-network", "krn:1", "ORD-2026-000003", "token-3", null, 0);

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    expect(sqlite.prepare("select provider_reference, provider_status, captured_amount from orders order by id").all()).toEqual([
      { provider_reference: "klarna-1", provider_status: "PART_CAPTURED", captured_amount: 40 },
      { provider_reference: "pay_1", provider_status: "Captured", captured_amount: 100 },
      { provider_reference: "krn:1", provider_status: null, captured_amount: 0 },
    ]);
    sqlite.close();
  });
});

describe("migration 0009 (checkout sessions' provider_reference)", () => {
  it("renames checkout_sessions.klarna_order_id to provider_reference and keeps every value", () => {
    const sqlite = new Database(":memory:");
    const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS });
    sqlite.exec("create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)");
    for (const migration of migrations.slice(0, 9)) {
      for (const statement of migration.sql) sqlite.exec(statement);
      sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run(migration.hash, migration.folderMillis);
    }
    sqlite.exec("insert into carts (id) values ('cart-1')");
    const session = sqlite.prepare(
      `insert into checkout_sessions (id, cart_id, market, provider, klarna_session_id, client_token, payment_method_categories,
        callback_token, "order", fingerprint, klarna_order_id) values (?, 'cart-1', 'SE', ?, ?, '', '[]', ?, '{}', 'f', ?)`,
    );
    session.run("kp", "klarna-payments", "kp-session", "cb-1", "klarna-order-1");
    session.run("cko", "checkout-com", "pct_1", "cb-2", "pay_1");
    session.run("open", "klarna-payments", "kp-session-2", "cb-3", null);

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    expect(sqlite.prepare("select id, provider_reference from checkout_sessions order by id").all()).toEqual([
      { id: "cko", provider_reference: "pay_1" },
      { id: "kp", provider_reference: "klarna-order-1" },
      { id: "open", provider_reference: null },
    ]);
    sqlite.close();
  });
});

describe("migration 0010 (order events' provider_reference)", () => {
  it("renames order_events.klarna_order_id to provider_reference, keeps every event and its index", () => {
    const sqlite = new Database(":memory:");
    const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS });
    sqlite.exec("create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)");
    for (const migration of migrations.slice(0, 10)) {
      for (const statement of migration.sql) sqlite.exec(statement);
      sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run(migration.hash, migration.folderMillis);
    }
    const insert = sqlite.prepare("insert into order_events (klarna_order_id, provider, source, action, outcome, latency_ms) values (?, ?, 'push', 'finalize', 'created', 3)");
    insert.run("klarna-1", "klarna-payments");
    insert.run("session:abc", null);

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    expect(sqlite.prepare("select provider_reference, provider from order_events order by id").all()).toEqual([
      { provider_reference: "klarna-1", provider: "klarna-payments" },
      { provider_reference: "session:abc", provider: null },
    ]);
    expect(sqlite.prepare("select sql from sqlite_master where name = 'order_events_by_order'").get()).toEqual({
      sql: expect.stringContaining("provider_reference"),
    });
    sqlite.close();
  });
});

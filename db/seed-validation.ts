import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

type Tx = Parameters<Parameters<BetterSQLite3Database<typeof schema>["transaction"]>[0]>[0];

/** Example coupons and block-list entries, so every validation rule can be tried in the demo store. */
export function seedValidationData(tx: Tx): void {
  tx.delete(schema.couponClaims).run();
  tx.delete(schema.cartCoupons).run();
  tx.delete(schema.coupons).run();
  tx.delete(schema.blockedShoppers).run();
  tx.insert(schema.coupons)
    .values([
      { code: "WELCOME10", description: "10 % off your order", kind: "percent", value: 10 },
      { code: "FIRSTHIKE", description: "20 % off, one use only", kind: "percent", value: 20, maxUses: 1 },
      { code: "TRAIL100", description: "100 kr off, for the first 50 orders", kind: "amount", value: 10000, currency: "SEK", maxUses: 50 },
      { code: "SUMMER2025", description: "15 % off (summer 2025)", kind: "percent", value: 15, expiresAt: "2025-09-01T00:00:00.000Z" },
    ])
    .run();
  tx.insert(schema.blockedShoppers)
    .values([
      { kind: "email", value: "blocked@email.se", reason: "Repeated chargebacks" },
      { kind: "phone", value: "+46700000000", reason: "Fraud report" },
      { kind: "address", value: "blockgatan 1|11122|se", reason: "Known reshipping address" },
    ])
    .run();
}

import * as schema from "./schema";
import { step, type UnitTx } from "./unit";

/** Example coupons and block-list entries, so every validation rule can be tried in the demo store. */
export function* seedValidationData(tx: UnitTx): Generator<unknown, void, unknown> {
  yield* step(tx.delete(schema.couponClaims).run());
  yield* step(tx.delete(schema.cartCoupons).run());
  yield* step(tx.delete(schema.coupons).run());
  yield* step(tx.delete(schema.blockedShoppers).run());
  yield* step(
    tx
      .insert(schema.coupons)
      .values([
        { code: "WELCOME10", description: "10 % off your order", kind: "percent", value: 10 },
        { code: "FIRSTHIKE", description: "20 % off, one use only", kind: "percent", value: 20, maxUses: 1 },
        { code: "TRAIL100", description: "100 kr off, for the first 50 orders", kind: "amount", value: 10000, currency: "SEK", maxUses: 50 },
        { code: "SUMMER2025", description: "15 % off (summer 2025)", kind: "percent", value: 15, expiresAt: "2025-09-01T00:00:00.000Z" },
      ])
      .run(),
  );
  yield* step(
    tx
      .insert(schema.blockedShoppers)
      .values([
        { kind: "email", value: "blocked@email.se", reason: "Repeated chargebacks" },
        { kind: "phone", value: "+46700000000", reason: "Fraud report" },
        { kind: "address", value: "blockgatan 1|11122|se", reason: "Known reshipping address" },
      ])
      .run(),
  );
}

import { describe, expect, it } from "vitest";
import { readTogether } from "@/db/batch";
import { db } from "@/db";
import { blockedShoppers } from "@/db/schema";
import { claimCoupon } from "@/lib/coupons/coupons";
import { MARKETS } from "@/lib/pricing/markets";
import { normalizeEmail } from "@/lib/validation/normalize";
import { readsFor, validationReadByCallbackToken } from "@/lib/validation/validate-order";
import { cartWith, insertCoupon, kustomOrderOf, kustomSessionFor, SE_SHOPPER, uniqueCode } from "./support";

// Kustom's validation reads everything in one statement written by hand (validationReadByCallbackToken); the other
// callers read the same through the cart's, the code's and the block list's own reads (readsFor). The two must give
// the rules the same: a column added to one and not the other would change what the rules judge on one path only.
describe("the validation's one-statement read", () => {
  it("gives the rules what their own reads give, for a cart with several lines, a code before and after its claim, and a blocked shopper", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("VR"), maxUses: 3 });
    const email = `blocked-${uniqueCode("e").toLowerCase()}@example.com`;
    await db().insert(blockedShoppers).values({ kind: "email", value: normalizeEmail(email), reason: "test" });
    for (const market of [MARKETS.SE, MARKETS.DE]) {
      const cartId = await cartWith(
        [
          { slug: "titanium-mug-450", quantity: 2 },
          { slug: "hiking-wool-socks", quantity: 1 },
        ],
        code,
      );
      const session = await kustomSessionFor(cartId, market);
      const order = kustomOrderOf(session, { billing_address: { ...SE_SHOPPER, email }, shipping_address: SE_SHOPPER });
      const same = async () => {
        const one = await validationReadByCallbackToken(session.callbackToken, order);
        expect(one.session).toMatchObject({ id: session.id, cartId, market: market.code });
        expect(one.read).toEqual(await readTogether(...readsFor(session, order)));
        return one.read;
      };
      const [lines, [coupon], hits] = await same();
      expect(lines).toHaveLength(2);
      expect(coupon).toMatchObject({ coupon: { code } });
      expect(coupon!.claimed).toBeFalsy();
      expect(hits).toEqual([{ kind: "email", value: normalizeEmail(email) }]);
      expect((await claimCoupon(code, session.id)).ok).toBe(true);
      const [, [claimed]] = await same();
      expect(claimed!.claimed).toBeTruthy();
    }
  });
});

import { describe, expect, it } from "vitest";
import { backOfficePath } from "@/lib/admin/back-office-path";
import { authSecretSource, isLocalRun } from "@/lib/admin/deployment";
import { hasBearerSecret, isCrossSiteRequest } from "@/lib/admin/request-guards";
import { shippingInfoFormSchema } from "@/lib/admin/shipping-info";

describe("session secret", () => {
  it("is generated only on a local run, never on Vercel or behind a public STORE_URL", () => {
    expect(isLocalRun("http://localhost:3000", undefined)).toBe(true);
    expect(isLocalRun("http://127.0.0.1:3100", undefined)).toBe(true);
    expect(isLocalRun("http://localhost:3000", "1")).toBe(false);
    expect(isLocalRun("https://shop.trailhead.example", undefined)).toBe(false);
    expect(authSecretSource("configured-secret-of-enough-length-123", false)).toBe("configured");
    expect(authSecretSource(undefined, true)).toBe("generated");
    expect(authSecretSource(undefined, false)).toBe("missing");
  });
});

describe("after signing in", () => {
  it("goes back only to a page of the back office, never to another site", () => {
    expect(backOfficePath("/admin/orders?status=placed")).toBe("/admin/orders?status=placed");
    expect(backOfficePath("http://localhost:3100/admin/orders/ORD-1")).toBe("/admin/orders/ORD-1");
    expect(backOfficePath("https://evil.example/phish")).toBe("/admin");
    expect(backOfficePath("//evil.example/admin")).toBe("/admin");
    expect(backOfficePath("/administrator")).toBe("/admin");
    expect(backOfficePath("/admin/sign-in")).toBe("/admin");
    expect(backOfficePath(undefined)).toBe("/admin");
  });
});

describe("cron secret and cross-site requests", () => {
  it("accepts only the exact bearer secret", () => {
    const secret = "cron-secret-0123456789";
    expect(hasBearerSecret(`Bearer ${secret}`, secret)).toBe(true);
    expect(hasBearerSecret(`bearer ${secret}`, secret)).toBe(true);
    expect(hasBearerSecret(`Bearer ${secret}x`, secret)).toBe(false);
    expect(hasBearerSecret(secret, secret)).toBe(false);
    expect(hasBearerSecret(null, secret)).toBe(false);
  });

  it("refuses a browser request from another site, and lets schedulers through", () => {
    const headers = (init: Record<string, string>) => new Headers(init);
    expect(isCrossSiteRequest(headers({ "sec-fetch-site": "cross-site" }), "shop.example")).toBe(true);
    expect(isCrossSiteRequest(headers({ origin: "https://evil.example" }), "shop.example")).toBe(true);
    expect(isCrossSiteRequest(headers({ origin: "null" }), "shop.example")).toBe(true);
    expect(isCrossSiteRequest(headers({ origin: "https://shop.example", "sec-fetch-site": "same-origin" }), "shop.example")).toBe(false);
    expect(isCrossSiteRequest(headers({}), "shop.example")).toBe(false);
  });
});

describe("tracking fields", () => {
  it("keeps Klarna's limits and says which field is too long", () => {
    const ok = shippingInfoFormSchema.safeParse({ shipping_company: " DHL US ", shipping_method: "Home", tracking_number: "", tracking_uri: "https://track.example/1" });
    expect(ok.success && ok.data).toEqual({ shipping_company: "DHL US", shipping_method: "Home", tracking_uri: "https://track.example/1" });
    const long = shippingInfoFormSchema.safeParse({ tracking_number: "9".repeat(101) });
    expect(long.error?.issues[0]?.message).toBe("The tracking number can be at most 100 characters.");
    expect(shippingInfoFormSchema.safeParse({ shipping_company: "x".repeat(100) }).success).toBe(true);
    expect(shippingInfoFormSchema.safeParse({ tracking_uri: `https://t.example/${"x".repeat(1010)}` }).error?.issues[0]?.message).toBe(
      "The tracking link can be at most 1024 characters.",
    );
    expect(shippingInfoFormSchema.safeParse({ tracking_uri: "javascript:alert(1)" }).error?.issues[0]?.message).toBe(
      "The tracking link must be a web address starting with https:// or http://.",
    );
    expect(shippingInfoFormSchema.safeParse({ shipping_method: "Teleport" }).error?.issues[0]?.message).toBe(
      "Choose a shipping method from the list.",
    );
  });
});

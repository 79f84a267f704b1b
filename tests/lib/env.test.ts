import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("environment", () => {
  it("needs no variable to run locally", () => {
    const env = parseEnv({});
    expect(env.KLARNA_API_URL).toBe("http://localhost:4010");
    expect(env.DATABASE_URL).toBe("data/store.db");
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ KLARNA_API_URL: "not a url" })).toThrow(EnvError);
    expect(() => parseEnv({ KLARNA_API_URL: "not a url" })).toThrow(/KLARNA_API_URL/);
    expect(() => parseEnv({ CART_SECRET: "short" })).toThrow(/CART_SECRET: must be at least 32 characters/);
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ KLARNA_USERNAME: "" }).KLARNA_USERNAME).toBe("PK00000_storefront_test");
  });
});

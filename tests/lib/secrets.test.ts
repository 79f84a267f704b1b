import { describe, expect, it } from "vitest";
import { assertDeploymentSecrets, missingDeploymentSecrets } from "@/lib/secrets";

const SECRET = "a-configured-secret-of-at-least-32-characters";

describe("secrets a deployment must configure", () => {
  it("are generated on a local run, so none is missing there", () => {
    expect(missingDeploymentSecrets({ STORE_URL: "http://localhost:3000" })).toEqual([]);
  });

  it("are each named when a deployed store lacks them", () => {
    const deployed = "https://shop.trailhead.example";
    expect(missingDeploymentSecrets({ STORE_URL: deployed })).toEqual(["CART_SECRET", "AUTH_SECRET"]);
    expect(missingDeploymentSecrets({ STORE_URL: deployed, AUTH_SECRET: SECRET })).toEqual(["CART_SECRET"]);
    expect(missingDeploymentSecrets({ STORE_URL: deployed, CART_SECRET: SECRET, AUTH_SECRET: SECRET })).toEqual([]);
  });

  it("stop a deployed store from starting, with a message that says which and how to make one", () => {
    expect(() => assertDeploymentSecrets({ STORE_URL: "https://shop.trailhead.example", AUTH_SECRET: SECRET })).toThrow(
      /^CART_SECRET is not set\..*openssl rand -base64 32/,
    );
    expect(() => assertDeploymentSecrets({ STORE_URL: "https://shop.trailhead.example" })).toThrow(/^CART_SECRET and AUTH_SECRET are not set/);
    expect(() => assertDeploymentSecrets({ STORE_URL: "http://localhost:3000" })).not.toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { simulatorDefaults } from "../../../scripts/lib.mjs";

describe("SMTP_URL", () => {
  it("defaults to the simulator's mail catcher, 15 above its HTTP port, as npm start derives it", () => {
    expect(parseEnv({}).SMTP_URL).toBe("smtp://localhost:4025");
    expect(simulatorDefaults("http://localhost:4010", {}).SMTP_URL).toBe(parseEnv({}).SMTP_URL);
    expect(simulatorDefaults("http://localhost:4999", {}).SMTP_URL).toBe("smtp://localhost:5014");
    expect(simulatorDefaults("http://localhost:4999", { SIMULATOR_SMTP_PORT: "2525" }).SMTP_URL).toBe("smtp://localhost:2525");
    expect(simulatorDefaults("http://localhost:4999", { SMTP_URL: "smtps://u:p@smtp.example.com:465" })).not.toHaveProperty("SMTP_URL");
  });

  it("takes smtp:// and smtps:// URLs and refuses anything else by name", () => {
    expect(parseEnv({ SMTP_URL: "smtps://apikey:secret@smtp.sendgrid.net:465" }).SMTP_URL).toBe("smtps://apikey:secret@smtp.sendgrid.net:465");
    expect(() => parseEnv({ SMTP_URL: "http://smtp.example.com" })).toThrow(/SMTP_URL/);
  });
});

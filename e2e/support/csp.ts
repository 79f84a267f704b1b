import { expect, type BrowserContext } from "@playwright/test";

/**
 * Collects every Content-Security-Policy violation in a browser context, in the store's pages and any frame: the
 * `securitypolicyviolation` events each document fires (report-only ones too), and Chromium's console reports of
 * them. `expectNone` fails the test with the list.
 */
export async function watchCsp(context: BrowserContext): Promise<{ violations: string[]; expectNone: () => void }> {
  const violations: string[] = [];
  await context.exposeBinding("__reportCspViolation", (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
      report?.(`${event.disposition} ${event.effectiveDirective}: ${event.blockedURI || "inline"} on ${event.documentURI}`);
    });
  });
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return {
    violations,
    expectNone: () => expect(violations, "CSP violations").toEqual([]),
  };
}

/** The page's policy, enforced or (CSP_REPORT_ONLY=1 on the store, the run that finds violations) report-only. */
export function policyOf(headers: Record<string, string> | undefined): string | undefined {
  return headers?.["content-security-policy"] ?? headers?.["content-security-policy-report-only"];
}

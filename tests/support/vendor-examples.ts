import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { FakeKlarna, Reply } from "@/tests/lib/klarna/fake-klarna";

/** A request or response as a vendor prints it (reference/examples/README.md). */
export interface VendorExample {
  /** The page or file that prints it, and the section. */
  source: string;
  /** "METHOD /path/{param}" as the vendor names the operation. */
  operation?: string;
  note?: string;
  request?: { headers?: Record<string, string>; body?: unknown };
  response?: { status: number; headers?: Record<string, string>; body?: unknown };
}

const EXAMPLES = path.resolve(__dirname, "../../reference/examples");

/** One vendor example, by provider folder and file name without `.json`. */
export function vendorExample(provider: string, name: string): VendorExample {
  const file = path.join(EXAMPLES, provider, `${name}.json`);
  const example = JSON.parse(fs.readFileSync(file, "utf8")) as VendorExample;
  if (!example.source) throw new Error(`${file} does not say where the example comes from`);
  return example;
}

/** Every example of a provider, by name. */
export function vendorExamples(provider: string): Record<string, VendorExample> {
  const folder = path.join(EXAMPLES, provider);
  return Object.fromEntries(
    fs
      .readdirSync(folder)
      .filter((file) => file.endsWith(".json"))
      .sort()
      .map((file) => [file.slice(0, -".json".length), vendorExample(provider, file.slice(0, -".json".length))]),
  );
}

/** Makes a fake vendor (tests/lib/klarna/fake-klarna.ts) answer every request with the example's response, verbatim. */
export function replay(fake: FakeKlarna, example: VendorExample): void {
  const response = example.response;
  if (!response) throw new Error(`The example from ${example.source} has no response to replay`);
  const reply: Reply = { status: response.status, headers: response.headers, body: response.body };
  fake.answerWith(() => reply);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * The fields of `expected` that `actual` lacks or holds with another JSON type, as dotted paths. Arrays are compared
 * by their first element; `actual` may have more fields than the example.
 */
export function shapeDifferences(actual: unknown, expected: unknown, at = "$"): string[] {
  const want = typeOf(expected);
  const got = typeOf(actual);
  // The vendors print null for fields that are absent or unset; a present value of any type satisfies it.
  if (want === "null") return [];
  if (want !== got) return [`${at}: expected ${want}, got ${got}`];
  if (want === "array") {
    const [first] = expected as Json[];
    const [mine] = actual as Json[];
    if (first === undefined || mine === undefined) return [];
    return shapeDifferences(mine, first, `${at}[0]`);
  }
  if (want !== "object") return [];
  const differences: string[] = [];
  for (const [key, value] of Object.entries(expected as Record<string, Json>)) {
    const mine = (actual as Record<string, Json>)[key];
    if (mine === undefined) differences.push(`${at}.${key}: missing`);
    else differences.push(...shapeDifferences(mine, value, `${at}.${key}`));
  }
  return differences;
}

/** Asserts that an answer has the example's status and every field of its body, with the same types. */
export function expectMatchesExample(
  answer: { status: number; body: unknown },
  example: VendorExample,
  options: { ignore?: string[] } = {},
): void {
  const response = example.response;
  if (!response) throw new Error(`The example from ${example.source} has no response`);
  expect(answer.status, `status, as ${example.source}`).toBe(response.status);
  const differences = shapeDifferences(answer.body, response.body).filter(
    (difference) => !options.ignore?.some((field) => difference.startsWith(`${field}:`) || difference.startsWith(`${field}.`)),
  );
  expect(differences, `fields of ${example.source}`).toEqual([]);
}

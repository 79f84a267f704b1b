#!/usr/bin/env node
/**
 * Writes the vendor examples that come from the specs and recorded traffic in reference/ into reference/examples/
 * (format: reference/examples/README.md), so they can be refreshed when a spec is replaced by a newer copy:
 *
 *   node scripts/extract-vendor-examples.mjs          # rewrites the generated files
 *   node scripts/extract-vendor-examples.mjs --check  # exits 1 when a generated file is missing or differs
 *
 * Sources:
 * - reference/klarna/payments-v1.openapi.json, reference/klarna/ordermanagement-v1.openapi.json,
 *   reference/kustom/checkout-v3.openapi.yaml, reference/kustom/checkout-v3-callbacks.openapi.yaml: Klarna prints its
 *   examples on the schema's properties (`example`), not on whole messages. Each documented response status (and each
 *   request body) becomes one example whose body holds every property the vendor gave an example for, with that
 *   value verbatim, nested as the schema nests it (an array holds one element). Properties without a printed example
 *   are absent; nothing is invented. A status the spec documents without a body becomes an example without one.
 * - reference/klarna/playground-*.har: each recorded exchange, request and response as recorded.
 *
 * Generated files are named `spec-…` or `har-…`; the seed examples (`seed-…`) are written by hand and left alone.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "reference/examples");
const check = process.argv.includes("--check");

const SPECS = [
  { file: "reference/klarna/payments-v1.openapi.json", folder: "klarna-payments" },
  { file: "reference/klarna/ordermanagement-v1.openapi.json", folder: "order-management" },
  { file: "reference/kustom/checkout-v3.openapi.yaml", folder: "kustom" },
  // The callbacks are the vendor calling the merchant: the vendor writes the requests, the merchant the answers.
  { file: "reference/kustom/checkout-v3-callbacks.openapi.yaml", folder: "kustom", callbacks: true },
];
const HARS = [
  { file: "reference/klarna/playground-create-session.har", folder: "klarna-payments" },
  { file: "reference/klarna/playground-create-order.har", folder: "klarna-payments" },
];

function load(file) {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return file.endsWith(".json") || file.endsWith(".har") ? JSON.parse(text) : yaml.load(text);
}

function resolve(spec, schema) {
  let current = schema;
  const seen = new Set();
  while (current && current.$ref) {
    if (seen.has(current.$ref)) return undefined;
    seen.add(current.$ref);
    current = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

/**
 * The message the schema's printed examples make up, or undefined when no property has one. `direction` drops
 * readOnly properties from requests (the vendor fills them in) and writeOnly ones from responses.
 */
function assemble(spec, schema, direction, stack = []) {
  const resolved = resolve(spec, schema);
  if (!resolved || typeof resolved !== "object") return undefined;
  if (resolved.example !== undefined) return resolved.example;
  if (stack.includes(resolved)) return undefined;
  const inner = [...stack, resolved];
  if (resolved.type === "array" || resolved.items) {
    const item = assemble(spec, resolved.items, direction, inner);
    return item === undefined ? undefined : [item];
  }
  if (resolved.properties) {
    const body = {};
    for (const [name, property] of Object.entries(resolved.properties)) {
      const target = resolve(spec, property);
      if (direction === "request" && (property.readOnly || target?.readOnly)) continue;
      if (direction === "response" && (property.writeOnly || target?.writeOnly)) continue;
      const value = assemble(spec, property, direction, inner);
      if (value !== undefined) body[name] = value;
    }
    return Object.keys(body).length > 0 ? body : undefined;
  }
  return undefined;
}

function jsonContent(content) {
  if (!content) return undefined;
  return content["application/json"] ?? content["*/*"] ?? Object.values(content)[0];
}

function slug(method, route) {
  const words = route
    .replace(/^\/(payments|ordermanagement|checkout)\/v\d+\//, "")
    .replace(/^\/merchant_urls\./, "callback-")
    .replace(/\{([^}]+)\}/g, "$1")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[/_.]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words].join("-").replace(/-+/g, "-");
}

function fromSpec({ file, folder, callbacks = false }) {
  // readOnly properties are the vendor's to write: they appear in what the vendor sends, never in what it is sent.
  const requestDirection = callbacks ? "response" : "request";
  const responseDirection = callbacks ? "request" : "response";
  const spec = load(file);
  const examples = [];
  for (const [route, operations] of Object.entries(spec.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation || typeof operation !== "object" || !operation.responses) continue;
      const name = slug(method, route);
      const id = operation.operationId ? ` (${operation.operationId})` : "";
      const where = `${file}, paths["${route}"].${method}${id}`;
      const requestSchema = jsonContent(resolve(spec, operation.requestBody)?.content)?.schema;
      const requestBody = requestSchema ? assemble(spec, requestSchema, requestDirection) : undefined;
      const operationName = `${method.toUpperCase()} ${route}`;
      if (requestBody !== undefined) {
        examples.push({
          folder,
          name: `spec-${name}-request`,
          example: {
            source: `${where}, requestBody: the properties' printed examples`,
            operation: operationName,
            note: "Assembled by scripts/extract-vendor-examples.mjs from the example the spec prints on each property; properties without one are absent.",
            request: { body: requestBody },
          },
        });
      }
      for (const [status, declared] of Object.entries(operation.responses)) {
        if (!/^\d{3}$/.test(status)) continue;
        const response = resolve(spec, declared);
        const schema = jsonContent(response?.content)?.schema;
        const body = schema ? assemble(spec, schema, responseDirection) : undefined;
        const headers = Object.keys(response?.headers ?? {});
        const notes = [
          response?.description ? `The spec: ${JSON.stringify(response.description.trim())}.` : "",
          schema
            ? body === undefined
              ? "The spec gives this answer a schema but prints no example for any of its properties."
              : "Body assembled from the example the spec prints on each property; properties without one are absent."
            : "The spec documents this status without a body.",
          headers.length > 0 ? `Documented headers (no example values printed): ${headers.join(", ")}.` : "",
        ].filter(Boolean);
        examples.push({
          folder,
          name: `spec-${name}-${status}`,
          example: {
            source: `${where}, responses["${status}"]`,
            operation: operationName,
            note: notes.join(" "),
            response: { status: Number(status), ...(body === undefined ? {} : { body }) },
          },
        });
      }
    }
  }
  return examples;
}

function headerRecord(list) {
  return Object.fromEntries((list ?? []).map(({ name, value }) => [name, value]));
}

function fromHar({ file, folder }) {
  const har = load(file);
  return har.log.entries.map((entry, index) => {
    const url = new URL(entry.request.url);
    const text = entry.request.postData?.text;
    const responseText = entry.response.content?.text;
    const recorded = path.basename(file, ".har");
    return {
      folder,
      name: `har-${recorded}${har.log.entries.length > 1 ? `-${index + 1}` : ""}`,
      example: {
        source: `${file}, log.entries[${index}] (${har.log._recordingName ?? "recorded"}; ${entry.startedDateTime ?? "undated"})`,
        operation: `${entry.request.method} ${url.pathname}`,
        note: `Recorded traffic with Klarna's playground (${url.origin}). Headers and bodies as recorded; the response's content-encoding and transfer-encoding headers describe the recorded transport, not the JSON kept here.`,
        request: {
          headers: headerRecord(entry.request.headers),
          ...(text === undefined ? {} : { body: typeof text === "string" ? parse(text) : text }),
        },
        response: {
          status: entry.response.status,
          headers: headerRecord(entry.response.headers),
          ...(responseText === undefined ? {} : { body: typeof responseText === "string" ? parse(responseText) : responseText }),
        },
      },
    };
  });
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const generated = [...SPECS.flatMap(fromSpec), ...HARS.flatMap(fromHar)];
const names = new Set();
let stale = 0;
for (const { folder, name, example } of generated) {
  const key = `${folder}/${name}`;
  if (names.has(key)) throw new Error(`Two examples would be written to ${key}.json`);
  names.add(key);
  const file = path.join(OUT, folder, `${name}.json`);
  const text = `${JSON.stringify(example, null, 2)}\n`;
  if (check) {
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
      console.error(`stale: ${path.relative(ROOT, file)}`);
      stale += 1;
    }
    continue;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
// Generated files whose operation is gone from the spec are removed; hand-written ones are not.
for (const folder of new Set([...SPECS, ...HARS].map((source) => source.folder))) {
  const dir = path.join(OUT, folder);
  if (!fs.existsSync(dir)) continue;
  for (const file of fs.readdirSync(dir)) {
    if (!/^(spec|har)-.*\.json$/.test(file) || names.has(`${folder}/${file.slice(0, -5)}`)) continue;
    if (check) {
      console.error(`no longer generated: reference/examples/${folder}/${file}`);
      stale += 1;
    } else fs.rmSync(path.join(dir, file));
  }
}
if (check && stale > 0) process.exit(1);
console.log(`${check ? "checked" : "wrote"} ${generated.length} examples`);

import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { load } from "js-yaml";
import { readFileSync } from "node:fs";
import path from "node:path";

// Validates simulator responses against the vendors' OpenAPI 3.0 specs in reference/ (the repository root).
const REFERENCE = path.resolve(__dirname, "../../reference");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SpecName = "payments" | "ordermanagement" | "kustom" | "kustom-callbacks";

const FILES: Record<SpecName, string> = {
  payments: "klarna/payments-v1.openapi.json",
  ordermanagement: "klarna/ordermanagement-v1.openapi.json",
  kustom: "kustom/checkout-v3.openapi.yaml",
  "kustom-callbacks": "kustom/checkout-v3-callbacks.openapi.yaml",
};

/**
 * Stricter than the spec on one point: an object schema that lists properties accepts no others, so a misspelt or
 * invented field in a response fails the test. OpenAPI 3.0's `nullable` becomes a JSON Schema type union.
 */
function tighten(node: Json): Json {
  if (Array.isArray(node)) return node.map((item) => tighten(item));
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === "properties" ? tightenProperties(value) : tighten(value);
  if (out.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  delete out.nullable;
  if (out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

function tightenProperties(properties: Json): Json {
  if (properties === null || typeof properties !== "object" || Array.isArray(properties)) return properties;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(properties)) out[key] = tighten(value);
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("int32", true);
ajv.addFormat("int64", true);

for (const [spec, file] of Object.entries(FILES)) {
  const text = readFileSync(path.join(REFERENCE, file), "utf8");
  const parsed: unknown = file.endsWith(".yaml") ? load(text) : JSON.parse(text);
  const document = parsed as { components: { schemas: Record<string, Json> } };
  const schemas: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(document.components.schemas)) schemas[name] = tighten(schema);
  ajv.addSchema({ $id: spec, components: { schemas } });
}

const cache = new Map<string, ValidateFunction>();

/** The spec's complaints about `data` as `schema` (empty when it conforms). */
export function contractErrors(spec: SpecName, schema: string, data: unknown): string[] {
  const ref = `${spec}#/components/schemas/${schema}`;
  let validate = cache.get(ref);
  if (!validate) {
    validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`No schema ${ref}`);
    cache.set(ref, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}

import path from "node:path";
import { fileURLToPath } from "node:url";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// The store and the simulator meet only over HTTP (docs/architecture.md): neither imports the other.
const storeImportsSimulator = {
  regex: "(^|/)simulator(/|$)",
  message: "The store never imports the simulator: they meet only over HTTP, as the store and Klarna do.",
};
const simulatorImportsStore = [
  { regex: "^@/", message: "The simulator never imports the store: it stands in for Klarna, which knows nothing of it." },
  {
    regex: "^(\\.\\./)+(app|lib|components|db|e2e|tests)(/|$)",
    message: "The simulator never imports the store: it stands in for Klarna, which knows nothing of it.",
  },
];

/** Server-only modules (database, credentials, Klarna's client, orders), as paths from the repository's root. */
const SERVER_ONLY = ["db", "lib/klarna", "lib/env", "lib/orders"];

function importedPath(source, filename) {
  if (source.startsWith("@/")) return source.slice(2);
  if (source.startsWith(".")) return path.relative(ROOT, path.resolve(path.dirname(filename), source)).split(path.sep).join("/");
  return null;
}

/**
 * Client code never imports server-only modules: a `"use client"` file anywhere, and every file under components/
 * (which client components import) except server-action files (`"use server"`). Types may be imported: they are
 * erased. `no-restricted-imports` cannot tell a client file by its path, so this reads the directive.
 */
const clientImports = {
  meta: {
    type: "problem",
    schema: [],
    messages: {
      serverOnly:
        "Client code must not import {{source}}: it is server-only (database, credentials, Klarna's client, orders). Pass the data in as props, or call a server action.",
    },
  },
  create(context) {
    const filename = context.filename;
    const relative = path.relative(ROOT, filename).split(path.sep).join("/");
    let client = false;
    const check = (node, source, typeOnly) => {
      if (!client || typeOnly || typeof source !== "string") return;
      const target = importedPath(source, filename)?.replace(/\.(ts|tsx)$/, "");
      if (target && SERVER_ONLY.some((prefix) => target === prefix || target.startsWith(`${prefix}/`))) {
        context.report({ node, messageId: "serverOnly", data: { source } });
      }
    };
    return {
      Program(program) {
        const directives = program.body.filter((statement) => statement.type === "ExpressionStatement" && statement.directive);
        const has = (name) => directives.some((statement) => statement.directive === name);
        client = has("use client") || (relative.startsWith("components/") && !has("use server"));
      },
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === "type" ||
          (node.specifiers.length > 0 && node.specifiers.every((specifier) => specifier.importKind === "type"));
        check(node, node.source.value, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === "type");
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === "type");
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value, false);
      },
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    files: ["app/**", "lib/**", "components/**", "db/**", "*.ts", "*.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [storeImportsSimulator] }] },
  },
  {
    files: ["simulator/**"],
    rules: { "no-restricted-imports": ["error", { patterns: simulatorImportsStore }] },
  },
  {
    files: ["app/**", "components/**"],
    plugins: { boundaries: { rules: { "client-imports": clientImports } } },
    rules: { "boundaries/client-imports": "error" },
  },
];

export default config;

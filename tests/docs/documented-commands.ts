import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The shell commands the README and docs/ show a reader, read from the Markdown itself so the test follows the docs:
 * every line of a ```sh (or bash, shell) block, and every inline code span that starts like a command (`npm …`,
 * `npx …`, `node …`, `curl …`, `openssl …`, `turso …`, `vercel …`, or one of those after VAR=value assignments). A command continued with a
 * trailing backslash is one command.
 */
export const ROOT = path.resolve(__dirname, "..", "..");

export interface DocumentedCommand {
  /** Where it is shown: file (relative to the repository) and line. */
  file: string;
  line: number;
  /** As written in the docs, comments removed. */
  text: string;
  /** The block it belongs to (commands of one block share a shell, so `export` carries), or null for inline code. */
  block: number | null;
}

export function documentationFiles(root = ROOT): string[] {
  const files = ["README.md"];
  const walk = (directory: string) => {
    for (const entry of readdirSync(path.join(root, directory), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith(".md")) files.push(relative);
    }
  };
  walk("docs");
  return files;
}

const SHELL_FENCE = /^```(sh|bash|shell|console)\s*$/;
const INLINE_COMMAND = /^(?:[A-Z][A-Z0-9_]*=\S*\s+)*(?:npm|npx|node|curl|openssl|turso|vercel)\s/;

/** Drops a trailing `# comment` outside quotes. */
export function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === "#" && (index === 0 || /\s/.test(line[index - 1]!))) {
      return line.slice(0, index).trimEnd();
    }
  }
  return line.trimEnd();
}

let blockCounter = 0;

export function commandsIn(file: string, markdown: string): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  const lines = markdown.split("\n");
  let block: number | null = null;
  let pending: { text: string; line: number } | null = null;
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    if (block === null) {
      if (SHELL_FENCE.test(raw.trim())) {
        block = ++blockCounter;
        return;
      }
      if (raw.trim().startsWith("```")) return;
      for (const match of raw.matchAll(/`([^`]+)`/g)) {
        const text = match[1]!.trim();
        if (INLINE_COMMAND.test(`${text} `)) commands.push({ file, line: lineNumber, text, block: null });
      }
      return;
    }
    if (raw.trim().startsWith("```")) {
      block = null;
      return;
    }
    const text = withoutComment(raw).trim();
    if (pending) {
      pending.text += ` ${text.replace(/\\$/, "").trim()}`;
      if (!text.endsWith("\\")) {
        commands.push({ file, line: pending.line, text: pending.text.trim(), block });
        pending = null;
      }
      return;
    }
    if (text === "") return;
    if (text.endsWith("\\")) {
      pending = { text: text.slice(0, -1).trim(), line: lineNumber };
      return;
    }
    commands.push({ file, line: lineNumber, text, block });
  });
  return commands;
}

export function documentedCommands(root = ROOT): DocumentedCommand[] {
  return documentationFiles(root).flatMap((file) => commandsIn(file, readFileSync(path.join(root, file), "utf8")));
}

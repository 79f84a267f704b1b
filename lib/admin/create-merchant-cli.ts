import { loadEnvConfig } from "@next/env";
import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { closeDatabase } from "@/db";
import { createMerchant, normalizeMerchantEmail } from "./merchants";

/**
 * Adds a back-office account: `npm run admin:create -- <email> "<name>"`, then type the password. (The script runs
 * tsx with `--conditions=react-server`, without which `server-only` refuses to be imported.) The password is read
 * from standard input, not the command line, so it stays out of the shell history. This is how a deployment gets its
 * accounts: the demo account is seeded on local runs only. DATABASE_URL comes from the shell, else .env.local or
 * .env, as for Next.js.
 */
const argumentsSchema = z.object({
  email: z.email("Give the merchant's e-mail address as the first argument."),
  name: z.string().trim().min(1, 'Give the merchant\'s name as the second argument, in quotes: "Ada Lovelace".'),
  password: z.string().min(12, "Choose a password of at least 12 characters."),
});

/** The password from standard input: typed at a terminal without being shown, or the first line of a pipe. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) return readHiddenLine("Password (not shown): ");
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    return await prompt.question("Password: ");
  } finally {
    prompt.close();
  }
}

function readHiddenLine(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = () => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          finish();
          resolve(typed);
          return;
        }
        if (char === "\u0003") {
          finish();
          reject(new Error("Cancelled; nothing changed."));
          return;
        }
        typed = char === "\u007f" || char === "\b" ? typed.slice(0, -1) : typed + char;
      }
    };
    input.setRawMode(true);
    input.setEncoding("utf8");
    input.on("data", onData);
    input.resume();
  });
}

async function main(): Promise<number> {
  loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  const input = argumentsSchema.safeParse({ email: process.argv[2], name: process.argv[3], password: await readPassword() });
  if (!input.success) {
    console.error(input.error.issues.map((issue) => issue.message).join("\n"));
    return 1;
  }
  const created = await createMerchant(input.data);
  closeDatabase();
  const email = normalizeMerchantEmail(input.data.email);
  console.log(created ? `Added ${email}.` : `${email} already has an account; nothing changed.`);
  return created ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

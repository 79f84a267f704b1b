import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { connection } from "@/db";
import { createMerchant, normalizeMerchantEmail } from "./merchants";

/**
 * Adds a back-office account: `npx tsx --conditions=react-server lib/admin/create-merchant-cli.ts <email> "<name>"`, then type the password.
 * The password is read from standard input, not the command line, so it stays out of the shell history. This is how
 * a deployment gets its accounts: the demo account is seeded on local runs only.
 */
const argumentsSchema = z.object({
  email: z.email("Give the merchant's e-mail address as the first argument."),
  name: z.string().trim().min(1, 'Give the merchant\'s name as the second argument, in quotes: "Ada Lovelace".'),
  password: z.string().min(12, "Choose a password of at least 12 characters."),
});

async function readPassword(): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    return await prompt.question("Password: ");
  } finally {
    prompt.close();
  }
}

async function main(): Promise<number> {
  const input = argumentsSchema.safeParse({ email: process.argv[2], name: process.argv[3], password: await readPassword() });
  if (!input.success) {
    console.error(input.error.issues.map((issue) => issue.message).join("\n"));
    return 1;
  }
  const created = await createMerchant(input.data);
  connection().sqlite.close();
  const email = normalizeMerchantEmail(input.data.email);
  console.log(created ? `Added ${email}.` : `${email} already has an account; nothing changed.`);
  return created ? 0 : 1;
}

main().then((code) => process.exit(code));

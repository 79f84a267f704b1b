/** The back office hashes merchant passwords at the cost the seed uses (db/password-cost.ts). */
export { PASSWORD_HASH_COST } from "@/db/password-cost";

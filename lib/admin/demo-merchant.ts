/** The back office's demo login: the data layer seeds it (db/seed.ts), the README and the sign-in page show it. */
export { DEMO_MERCHANT } from "@/db/demo-merchant";

/** The back office's demo login, stated in the README and seeded on local runs only (see db/seed.ts). */
export const DEMO_MERCHANT = { email: "merchant@trailhead.example", name: "Demo Merchant", password: "trailhead-demo" };

// How the store's Node.js process is run, shared by `npm start` (scripts/start.mjs) and the benches and tests that
// start the production store (tests/integration/support/child-servers.ts), so both measure what is shipped.

/**
 * V8's young generation, sized for a server: each request allocates a few hundred kB that die with it, and with
 * dozens of requests in flight the default semi-space (16 MiB at most) fills many times a second, so objects still
 * in use are copied and promoted to the old generation, whose collections cost far more. Node.js's documentation
 * (`--max-semi-space-size`) says to pick the size by benchmarking the application; bench/README.md has the figures.
 * It costs up to 3 × the size in memory under load.
 */
export const STORE_NODE_FLAGS = ["--max-semi-space-size=64"];

import { randomUUID } from "node:crypto";
import type { Core } from "../core";
import { KnFaults } from "./faults";
import { KnStore } from "./store";

/** The API key the simulator accepts unless KLARNA_NETWORK_API_KEY says otherwise (the store uses the same default). */
export const DEFAULT_KN_API_KEY = "klarna_test_api_simulator_0000000000";

/**
 * A signing key that exists from the start, so `npm start` works with no set-up: the store's default
 * KLARNA_NETWORK_SIGNING_KEYS names it. A real account creates its keys with POST /v2/notification/signing-keys.
 */
export const DEFAULT_SIGNING_KEY = {
  signing_key_id: "krn:partner:global:notification:signing-key:00000000-0000-4000-8000-000000000001",
  signing_key: "simulator-test-signing-key-0001",
};

export interface KnContext {
  core: Core;
  store: KnStore;
  faults: KnFaults;
  apiKey: string;
}

export function createKnContext(core: Core, apiKey = process.env.KLARNA_NETWORK_API_KEY || DEFAULT_KN_API_KEY): KnContext {
  const store = new KnStore(core.repo.db);
  if (!store.get("signing_key", DEFAULT_SIGNING_KEY.signing_key_id)) {
    store.put("signing_key", DEFAULT_SIGNING_KEY.signing_key_id, core.clock.now(), {
      ...DEFAULT_SIGNING_KEY,
      created_at: core.clock.now(),
    });
  }
  return { core, store, faults: new KnFaults(), apiKey };
}

/** Klarna's resource names: krn:payment:eu1:request:<uuid>, krn:payment:eu1:transaction:<uuid>… */
export function krn(kind: string, uuid: string = randomUUID()): string {
  return `${kind}:${uuid}`;
}

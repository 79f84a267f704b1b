import { headers } from "next/headers";
import { withLogContext } from "./logger";
import { requestIdOf } from "./request-id";
import { inSpan } from "./tracing";

/**
 * Runs a server action with the log context of its request: the request id proxy.ts gave the request (a server
 * action posts to the page, so it passes the proxy), and the action's name as the route.
 */
export async function inActionContext<T>(route: string, provider: string | undefined, work: () => Promise<T>): Promise<T> {
  const requestId = requestIdOf(await headers());
  return withLogContext({ requestId, route, ...(provider ? { provider } : {}) }, () => inSpan(route, { "store.action": route }, work));
}

export const SIGN_IN_PATH = "/admin/sign-in";

/**
 * Where to go after signing in: the path (and query) of `candidate` if it lies inside the back office, else /admin.
 * Only the path is kept, so a full or protocol-relative URL can never send the merchant to another site.
 */
export function backOfficePath(candidate: unknown): string {
  if (typeof candidate !== "string" || candidate === "") return "/admin";
  let path: string;
  try {
    const url = new URL(candidate, "http://store.invalid");
    path = url.pathname + url.search;
  } catch {
    return "/admin";
  }
  return /^\/admin(?:[/?]|$)/.test(path) && !path.startsWith(SIGN_IN_PATH) ? path : "/admin";
}

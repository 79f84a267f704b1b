import { roundTripCountExposed, roundTripsSoFar } from "@/db/round-trips";

export const dynamic = "force-dynamic";

/**
 * The process's database round trips so far (db/round-trips.ts), for the benches, which read it before and after
 * one request at a time. Only when the store runs with STORE_COUNT_ROUND_TRIPS=1: otherwise, as in production by
 * default, the route does not exist (404).
 */
export function GET() {
  if (!roundTripCountExposed()) return new Response(null, { status: 404 });
  return Response.json({ roundTrips: roundTripsSoFar() }, { headers: { "Cache-Control": "no-store" } });
}

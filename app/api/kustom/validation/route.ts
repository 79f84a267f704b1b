import { observed } from "@/lib/observability/route";
import { kustomValidation } from "@/lib/payments/kustom/validation";
import { receiveCallback } from "@/lib/payments/webhook-inbox";

export const dynamic = "force-dynamic";

/** Kustom's validation callback; see lib/payments/kustom/validation.ts (it reads the local database only). */
export const POST = observed("/api/kustom/validation", "kustom", (request) => receiveCallback(kustomValidation, request), { deepContext: false });

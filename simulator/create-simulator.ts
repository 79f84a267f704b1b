import { serve, type ServerType } from "@hono/node-server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app";
import { VirtualClock, parseDuration } from "./kernel/clock";
import { resolveConfig, type SimulatorOptions } from "./config";
import type { Core } from "./core";
import { openDatabase } from "./kernel/database";
import { KlarnaStore } from "./klarna-store";
import { KlarnaFaults } from "./klarna-payments/faults";
import { runProviderJob } from "./kernel/providers";
import { MerchantCaller } from "./kernel/merchant-calls";
import { Scheduler, type FiredJob } from "./kernel/scheduler";

export interface Simulator {
  /** Handles a request in-process, without a socket. */
  fetch(request: Request): Promise<Response>;
  /** Starts the HTTP server (port 0 picks a free port) and resolves with where it listens. */
  listen(port?: number): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  /** The base URL handed out in client tokens and Location headers. */
  readonly url: string;
  readonly clock: {
    readonly mode: "manual" | "realtime";
    now(): number;
    /** Same as POST /_sim/clock: accepts "15m"-style durations or milliseconds. */
    advance(by: string | number): Promise<FiredJob[]>;
  };
  /** Resolves once no callback is being sent (tests wait on it after an immediate callback). */
  idle(): Promise<void>;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const config = resolveConfig(options);
  const repo = openDatabase(config.dbPath);
  const stored = repo.getMeta("virtual_now");
  const fresh = config.startTime ?? Date.now();
  // A restart resumes virtual time where it stopped; realtime mode never runs behind the real clock.
  const start = stored === undefined ? fresh : config.clock === "realtime" ? Math.max(Number(stored), Date.now()) : Number(stored);
  const clock = new VirtualClock(config.clock, config.speed, start);
  repo.setMeta("virtual_now", String(start));

  const scheduler = new Scheduler(repo, clock, config.tickMs);
  const core: Core = {
    config,
    repo,
    klarna: new KlarnaStore(repo.db),
    clock,
    scheduler,
    faults: new KlarnaFaults(repo),
    merchant: new MerchantCaller(repo, clock, config.log),
    secret: repo.signingSecret(),
  };
  const app = createApp(core);
  // Started once every provider is mounted: a job due at start-up goes to the provider that runs it.
  scheduler.setRunner((job) => runProviderJob(core, job));
  scheduler.start();
  let server: ServerType | undefined;

  return {
    fetch: async (request) => app.fetch(request),
    listen(port = 0) {
      return new Promise((resolve, reject) => {
        const started = serve({ fetch: app.fetch, port }, (info: AddressInfo) => {
          if (!config.publicUrlExplicit) config.publicUrl = `http://localhost:${info.port}`;
          resolve({ port: info.port, url: config.publicUrl });
        });
        started.once("error", reject);
        // Clients keep connections alive for about 4 s (Node's fetch); a server that closes an idle one sooner races a
        // request being sent on it ("other side closed"). Klarna's front ends keep them far longer.
        const http = started as Server;
        http.keepAliveTimeout = 65_000;
        http.headersTimeout = 66_000;
        server = started;
      });
    },
    async close() {
      core.merchant.abortAll();
      await scheduler.stop();
      if (server) {
        const http = server as Server;
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
      }
      repo.close();
    },
    get url() {
      return config.publicUrl;
    },
    clock: {
      mode: clock.mode,
      now: () => clock.now(),
      advance(by) {
        const ms = typeof by === "number" ? by : parseDuration(by);
        if (ms === undefined) throw new Error(`Not a duration: ${String(by)}`);
        return scheduler.advance(ms);
      },
    },
    idle: () => scheduler.idle(),
  };
}

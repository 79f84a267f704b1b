import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closedUrl, startSimulator, temporaryDirectory, type ServerProcess } from "./child-servers";
import { simulatorControl, type SimulatorControl } from "./simulator-control";

/**
 * Starts the Klarna simulator for the test file and points the store at it. Klarna's calls to the store go to a
 * closed port and its authorization callback is dropped: these tests call the store's handlers themselves.
 * Returns a getter, as the simulator exists only once `beforeAll` has run.
 */
export function simulatedKlarnaForFile(name: string): () => { simulator: ServerProcess; sim: SimulatorControl } {
  let simulator: ServerProcess | undefined;
  let sim: SimulatorControl | undefined;
  let removeTemporary: (() => void) | undefined;

  beforeAll(async () => {
    const temporary = temporaryDirectory(`${name}-`);
    removeTemporary = temporary.remove;
    simulator = await startSimulator({ dbPath: path.join(temporary.directory, "simulator.db") });
    sim = simulatorControl(simulator.url);
    // env() reads these once, on first use.
    process.env.KLARNA_API_URL = simulator.url;
    process.env.STORE_URL = await closedUrl();
    await sim.addFault({ kind: "authorization_callback", mode: "drop" });
  });

  afterAll(async () => {
    await simulator?.stop();
    removeTemporary?.();
  });

  return () => {
    if (!simulator || !sim) throw new Error("The simulator starts in beforeAll");
    return { simulator, sim };
  };
}

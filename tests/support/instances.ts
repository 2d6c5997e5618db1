import { spawn, type ChildProcess } from "node:child_process";

/**
 * Portal instances' background work (tests/support/portal-instance.ts), each in its own process,
 * against the test's database and emulator: the environment is the test's, with these additions.
 */
export class Instances {
  private readonly started: ChildProcess[] = [];

  constructor(private readonly env: Record<string, string>) {}

  /** Starts one, and resolves once its work has started. */
  async start(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/portal-instance.ts"], {
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.started.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (data: Buffer) => data.toString().includes("ready") && resolve());
      child.on("exit", (code) => reject(new Error(`The instance exited (${code}) before it was ready`)));
    });
    return child;
  }

  /** Ends every one still running at once, as a crash would: no work handed back. */
  killAll(): void {
    for (const child of this.started.splice(0)) child.kill("SIGKILL");
  }
}

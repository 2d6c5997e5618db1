import path from "node:path";
import { parseArgs } from "node:util";
import { ensureCertificateAuthority, startEmulator } from "./server";

const USAGE =
  "Usage: tsx emulator/main.ts [--seed FILE] [--port N] [--data-dir DIR] [--latency MS] [--control] [--live SECONDS] [--init-ca]. " +
  "Defaults: --seed $EMULATOR_SEED or emulator/seeds/default.json, --port $EMULATOR_PORT or 4443, " +
  "--data-dir ${DATA_DIR:-.data}/emulator, --latency $EMULATOR_LATENCY_MS or 0, --control when EMULATOR_CONTROL=1, " +
  "--live $EMULATOR_LIVE_SECONDS or off.";

interface Settings {
  seed: string;
  port: number;
  dataDir: string;
  latencyMs: number;
  control: boolean;
  /** 0: incidents change only when asked to. */
  liveSeconds: number;
  initCaOnly: boolean;
}

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: "string" },
      port: { type: "string" },
      "data-dir": { type: "string" },
      latency: { type: "string" },
      control: { type: "boolean", default: false },
      live: { type: "string" },
      "init-ca": { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const portText = values.port ?? (process.env.EMULATOR_PORT || "4443");
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${portText}".`);
  const latencyText = values.latency ?? (process.env.EMULATOR_LATENCY_MS || "0");
  if (!/^\d+$/.test(latencyText) || Number(latencyText) > 600_000) throw new Error(`--latency must be milliseconds from 0 to 600000, not "${latencyText}".`);
  const liveText = values.live ?? (process.env.EMULATOR_LIVE_SECONDS || "0");
  if (!/^\d+$/.test(liveText) || Number(liveText) > 86_400) throw new Error(`--live must be whole seconds from 1 to 86400 (0: off), not "${liveText}".`);
  return {
    seed: values.seed ?? (process.env.EMULATOR_SEED || path.join("emulator", "seeds", "default.json")),
    port,
    dataDir: values["data-dir"] ?? path.join(process.env.DATA_DIR || ".data", "emulator"),
    latencyMs: Number(latencyText),
    control: values.control || process.env.EMULATOR_CONTROL === "1",
    liveSeconds: Number(liveText),
    initCaOnly: values["init-ca"],
  };
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  if (settings.initCaOnly) {
    const { caCertPath } = await ensureCertificateAuthority(settings.dataDir);
    console.log(caCertPath);
    return;
  }
  const { port, dataDir, seed, latencyMs, control, liveSeconds } = settings;
  const emulator = await startEmulator({ port, dataDir, seed, latencyMs, control, liveSeconds });
  console.log(`Microsoft cloud emulator listening on ${emulator.url}`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const usage = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") || /^--(port|latency|live) /.test(message) ? ` ${USAGE}` : "";
  console.error(`Microsoft cloud emulator: ${message}${usage}`);
  process.exit(1);
});

import path from "node:path";
import { parseArgs } from "node:util";
import { ensureCertificateAuthority, startEmulator } from "./server";

const USAGE =
  "Usage: tsx emulator/main.ts [--seed FILE] [--port N] [--data-dir DIR] [--latency MS] [--control] [--init-ca]. " +
  "Defaults: --seed $EMULATOR_SEED or emulator/seeds/default.json, --port $EMULATOR_PORT or 4443, " +
  "--data-dir ${DATA_DIR:-.data}/emulator, --latency $EMULATOR_LATENCY_MS or 0, --control when EMULATOR_CONTROL=1.";

interface Settings {
  seed: string;
  port: number;
  dataDir: string;
  latencyMs: number;
  control: boolean;
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
  return {
    seed: values.seed ?? (process.env.EMULATOR_SEED || path.join("emulator", "seeds", "default.json")),
    port,
    dataDir: values["data-dir"] ?? path.join(process.env.DATA_DIR || ".data", "emulator"),
    latencyMs: Number(latencyText),
    control: values.control || process.env.EMULATOR_CONTROL === "1",
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
  const { port, dataDir, seed, latencyMs, control } = settings;
  const emulator = await startEmulator({ port, dataDir, seed, latencyMs, control });
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
  const usage = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") || /^--(port|latency) /.test(message) ? ` ${USAGE}` : "";
  console.error(`Microsoft cloud emulator: ${message}${usage}`);
  process.exit(1);
});

import { ConfigError, getConfig } from "./index";

// Validates the configuration at server start, so a bad variable stops start-up with a message.
try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

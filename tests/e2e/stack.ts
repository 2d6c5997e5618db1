// Where the end-to-end stack runs: its own ports and data folder, apart from a running demo.
export const E2E = {
  port: 3210,
  emulatorPort: 4543,
  dataDir: ".data/e2e",
  get url() {
    return `http://localhost:${this.port}`;
  },
};

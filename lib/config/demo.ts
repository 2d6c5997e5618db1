// The partner identity in the emulator's default world (emulator/seeds/default.json).
// The secret is valid only against the local emulator, never against Microsoft.
export const DEMO = {
  partnerName: "Northwind Security Partners",
  partnerTenantId: "c1626cae-1399-4aec-adf5-acee23a42d47",
  clientId: "54b3e267-3d85-48b3-ad9d-e9cf50200a46",
  clientSecret: "emulator-demo-secret-only-valid-against-the-local-emulator",
} as const;

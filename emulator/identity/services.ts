import type { EmulatorControl } from "../control/control";
import type { TokenSigner } from "../tokens";
import type { World } from "../world/world";
import type { AuthorizationCodes } from "./authorization-codes";
import type { RefreshTokens } from "./refresh-tokens";

/** What the identity endpoints share for the life of one emulator. */
export interface IdentityServices {
  world: World;
  signer: TokenSigner;
  codes: AuthorizationCodes;
  refreshTokens: RefreshTokens;
  control: EmulatorControl;
  /** Epoch milliseconds: app-only tokens are issued on the same clock the incident APIs verify them with. */
  clock: () => number;
}

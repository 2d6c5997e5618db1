import { sendJson, type Route } from "../http";
import type { World } from "../world/world";
import { adminConsent, type ConsentEndpoint } from "./admin-consent";

const TENANT = "([^/]+)";

/** Admin consent: the v2 and legacy admin-consent endpoints and the Defender partner doc's consent link. */
export function consentRoutes({ world }: { world: World }): Route[] {
  const consentRoute = (suffix: string, endpoint: ConsentEndpoint): Route => ({
    methods: ["GET", "POST"],
    path: new RegExp(`^/${TENANT}/${suffix}$`),
    handle: (exchange, match) => adminConsent(world, exchange, decodeURIComponent(match[1]), endpoint),
  });
  const partnerLink = consentRoute(String.raw`oauth2/authorize`, "partnerLink");
  return [
    consentRoute(String.raw`v2\.0/adminconsent`, "v2"),
    consentRoute("adminconsent", "legacy"),
    {
      ...partnerLink,
      // Only the consent link is emulated on the v1 authorize endpoint, not v1 sign-in; POSTs are
      // its own screens (account picker, consent) posting back.
      handle: async (exchange, match) => {
        const prompt = exchange.req.method === "POST" ? "consent" : exchange.url.searchParams.get("prompt");
        if (prompt !== "consent") return sendJson(exchange, 404, { error: "not_found", path: exchange.url.pathname });
        return partnerLink.handle(exchange, match);
      },
    },
  ];
}

import "server-only";

export type { AlertMessage } from "./alert-message";
export type { DeliveryResult } from "./delivery";
export { checkDestinationUrl, type DestinationCheck } from "./destination";
export { checkEmailAddress, sendEmail, type Email, type SmtpServer } from "./email";
export { alertEmail } from "./email-content";
export { sendTeams, teamsCard, type TeamsMessage } from "./teams";
export { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from "./webhook";
export { sendWebhook, type WebhookTarget } from "./webhook-delivery";

import type { PortalRole } from "@/lib/auth/access";

declare module "next-auth" {
  interface Session {
    user: { name: string; email: string; role?: PortalRole };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The staff session (lib/auth/staff-sessions) the cookie stands for. */
    sid?: string;
    upn?: string;
  }
}

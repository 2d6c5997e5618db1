import type { PortalRole } from "@/lib/auth/access";

declare module "next-auth" {
  interface Session {
    user: { name: string; email: string; role?: PortalRole };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: PortalRole;
    upn?: string;
  }
}

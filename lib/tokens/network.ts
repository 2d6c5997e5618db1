import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

import { send } from "@/lib/http";
import { failureLabel, metrics } from "@/lib/metrics";

// MSAL's default client sends the token POST without a timeout: a hanging authority would hang the
// caller forever. Every request here gives up after `timeoutMs`, through the portal's one pool of
// connections to Microsoft.
export function networkClientWithTimeout(timeoutMs: number): INetworkModule {
  const exchange = async <T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const timer = metrics.tokenRequests.startTimer();
    const response = await send(url, { method, headers: options?.headers, body: options?.body, timeoutMs }).catch((error: unknown) => {
      timer({ status: failureLabel(error) });
      throw error;
    });
    timer({ status: response.status });
    return { status: response.status, headers: response.headers, body: (response.body ? JSON.parse(response.body) : {}) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => exchange("GET", url, options),
    sendPostRequestAsync: (url, options) => exchange("POST", url, options),
  };
}

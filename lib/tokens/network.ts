import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

// MSAL's default client sends the token POST without a timeout: a hanging authority would hang the
// caller forever. Every request here gives up after `timeoutMs`.
export function networkClientWithTimeout(timeoutMs: number): INetworkModule {
  const send = async <T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, {
      method,
      headers: options?.headers,
      body: options?.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: (text ? JSON.parse(text) : {}) as T,
    };
  };
  return {
    sendGetRequestAsync: (url, options) => send("GET", url, options),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}

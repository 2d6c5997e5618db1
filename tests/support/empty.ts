// Stands in for the `server-only` marker package outside React Server Components (tests, scripts).
export {};

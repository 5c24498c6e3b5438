/**
 * A process-wide singleton, created on first use and kept on globalThis. Next.js bundles
 * route handlers, pages and instrumentation separately and reloads modules in
 * development; a module-level value would exist once per bundle (a second SQLite
 * connection, a login registry the password POST cannot see). The key is a registered
 * symbol, so every copy of this module finds the same value.
 */
export function remember<T>(name: string, factory: () => T): T {
  const key = Symbol.for(`tgdesk.${name}`);
  const store = globalThis as Record<symbol, unknown>;
  if (!Object.hasOwn(store, key)) store[key] = factory();
  return store[key] as T;
}

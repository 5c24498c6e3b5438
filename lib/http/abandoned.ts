/**
 * For `.catch()` on work the browser may abandon (a search superseded by a newer one):
 * once the request's signal has fired nobody reads the answer, so the failure becomes
 * `null` (answered 499, nginx's "client closed request") instead of a logged 500.
 */
export function abandoned(signal: AbortSignal): (error: unknown) => null {
  return (error) => {
    if (signal.aborted) return null;
    throw error;
  };
}

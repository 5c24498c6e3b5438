// One parse for every admin list page: Next's searchParams → plain strings (for links that
// keep the view) and the page's zod schema's output (for the query). A bad value in one
// field (a typed-in URL) drops that field only, so the rest of the view survives.
import type { z } from "zod";

export type ListParams = Record<string, string | undefined>;

export type ParsedListQuery<S extends z.ZodType> = {
  /** The query string as given, first value of repeated keys; for sort, filter and page links. */
  params: ListParams;
  query: z.output<S>;
  /** Keys whose values were refused and left out of `query`. */
  ignored: string[];
};

export function flatParams(input: Record<string, string | string[] | undefined>): ListParams {
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
}

export function parseListQuery<S extends z.ZodType>(
  schema: S,
  searchParams: Record<string, string | string[] | undefined>,
): ParsedListQuery<S> {
  const params = flatParams(searchParams);
  const input: Record<string, string | undefined> = { ...params };
  const ignored: string[] = [];
  // Each round drops the fields zod named; the schemas' fields are all optional or
  // defaulted, so at most one round per field is needed.
  for (let round = 0; round <= Object.keys(params).length; round += 1) {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { params, query: parsed.data, ignored };
    const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
    for (const key of bad) {
      if (key in input) {
        delete input[key];
        ignored.push(key);
      }
    }
    if (![...bad].some(Boolean)) break;
  }
  return { params, query: schema.parse({}), ignored: Object.keys(params) };
}

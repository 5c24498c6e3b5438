import { helpers } from "telegram";

/**
 * A Telegram `long` for GramJS requests. It must be GramJS's own big-integer: under
 * Next.js "telegram" is loaded by Node (serverExternalPackages) while our code is
 * bundled, so a `big-integer` we import ourselves is another copy, and GramJS rejects it
 * ("Found wrong type for hash. expected bigInt").
 */
export function long(value: string | number): ReturnType<typeof helpers.returnBigInt> {
  return helpers.returnBigInt(value);
}

export const LONG_ZERO = () => long(0);

import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/**
 * A number Telegram was given (digits with the country code) as its country writes it
 * internationally ("+44 7700 900123"); numbers libphonenumber does not know (Telegram's
 * test range +999…) keep their digits after a "+".
 */
export function formatPhone(digits: string): string {
  const international = `+${digits.replace(/\D/g, "")}`;
  return parsePhoneNumberFromString(international)?.formatInternational() ?? international;
}

// Type-checks message keys and locales across the app against the English catalogue.
import type { Locale } from "@/lib/i18n/config";
import type messages from "@/messages/en.json";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}

import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { Providers } from "@/app/_components/providers";
import { SiteHeader } from "@/app/_components/site-header";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("metadata");
  return {
    title: { default: t("title"), template: `%s · ${t("title")}` },
    description: t("description"),
    // Static files in public/ (see docs/decisions/static-files-in-public.md).
    manifest: "/manifest.webmanifest",
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "32x32" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: "/apple-touch-icon.png",
    },
    // A staff tool: public/robots.txt keeps crawlers out, this keeps any page that is reached anyway out of indexes.
    robots: { index: false, follow: false },
  };
}

export const viewport: Viewport = { themeColor: "#229ed9" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="flex min-h-dvh flex-col">
        <NextIntlClientProvider>
          <Providers>
            <SiteHeader />
            <main className="flex flex-1 flex-col">{children}</main>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

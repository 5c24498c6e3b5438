"use client";

// Last-resort boundary for errors in the root layout itself. It replaces the whole
// document, so no layout, no next-intl provider: it reads both catalogues directly and
// picks by the browser's language.
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const russian = typeof navigator !== "undefined" && navigator.language.toLowerCase().startsWith("ru");
  const t = (russian ? ru : en).errors;
  return (
    <html lang={russian ? "ru" : "en"}>
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          display: "grid",
          placeItems: "center",
          minHeight: "100vh",
          margin: 0,
        }}
      >
        <div role="alert" style={{ textAlign: "center", padding: 24 }}>
          <h1 style={{ fontSize: 24, margin: 0 }}>{t.errorTitle}</h1>
          <p style={{ color: "#475569" }}>{t.errorBody}</p>
          <button
            type="button"
            onClick={reset}
            style={{
              background: "#229ed9",
              color: "#fff",
              border: 0,
              borderRadius: 8,
              padding: "8px 16px",
              font: "inherit",
            }}
          >
            {t.tryAgain}
          </button>
        </div>
      </body>
    </html>
  );
}

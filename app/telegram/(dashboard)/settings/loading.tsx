export default function SettingsLoading() {
  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8" aria-busy="true">
      <div className="h-9 w-full animate-pulse rounded-xl bg-slate-100 sm:w-80" />
      {[28, 44, 32].map((h) => (
        <div
          key={h}
          className="animate-pulse rounded-2xl bg-white ring-1 ring-slate-200"
          style={{ height: `${h * 4}px` }}
        />
      ))}
    </div>
  );
}

import { getTranslations } from "next-intl/server";

import { Card } from "@/components/ui/card";
import type { ProfileDto } from "@/lib/telegram/dto";
import { Avatar } from "./avatar";

function formatPhone(phone: string): string {
  return phone.startsWith("+") ? phone : `+${phone}`;
}

/** Who is linked, in one compact row above the chat list (on a phone the list stays above the fold). */
export async function ProfileCard({ profile }: { profile: ProfileDto }) {
  const t = await getTranslations("dashboard.profile");
  return (
    <Card aria-labelledby="profile-heading" className="shrink-0 px-4 py-3" data-testid="profile-card">
      <h2 id="profile-heading" className="sr-only">
        {t("title")}
      </h2>
      <div className="flex min-w-0 items-center gap-3">
        <Avatar src={profile.avatarUrl} initials={profile.name.slice(0, 1).toUpperCase()} seed={profile.id} />
        <div className="min-w-0 flex-1">
          <p className="truncate font-semibold text-slate-900" data-testid="profile-name">
            {profile.name}
          </p>
          <p className="truncate text-sm text-brand-700" data-testid="profile-username">
            {profile.username ? `@${profile.username}` : <span className="text-slate-400">{t("noUsername")}</span>}
          </p>
        </div>
        <p className="shrink-0 text-right text-xs text-slate-500">
          <span className="sr-only">{t("phone")}: </span>
          <span className="font-medium text-slate-700" data-testid="profile-phone">
            {profile.phone ? formatPhone(profile.phone) : t("hiddenPhone")}
          </span>
        </p>
      </div>
    </Card>
  );
}

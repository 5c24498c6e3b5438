import { getTranslations } from "next-intl/server";

import { Card } from "@/components/ui/card";
import type { ProfileDto } from "@/lib/telegram/dto";
import { Avatar } from "./avatar";

function formatPhone(phone: string): string {
  return phone.startsWith("+") ? phone : `+${phone}`;
}

export async function ProfileCard({ profile }: { profile: ProfileDto }) {
  const t = await getTranslations("dashboard.profile");
  return (
    <Card aria-labelledby="profile-heading" className="p-5" data-testid="profile-card">
      <h2 id="profile-heading" className="text-xs font-semibold uppercase tracking-wider text-slate-500">
        {t("title")}
      </h2>
      <div className="mt-4 flex items-center gap-4 lg:flex-col lg:items-start">
        <Avatar src={profile.avatarUrl} initials={profile.name.slice(0, 1).toUpperCase()} seed={profile.id} size="lg" />
        <div className="min-w-0">
          <p className="truncate text-lg font-semibold text-slate-900" data-testid="profile-name">
            {profile.name}
          </p>
          <p className="truncate text-sm text-brand-700" data-testid="profile-username">
            {profile.username ? `@${profile.username}` : <span className="text-slate-400">{t("noUsername")}</span>}
          </p>
        </div>
      </div>
      <dl className="mt-5 grid grid-cols-2 gap-3 border-t border-slate-100 pt-4 text-sm lg:grid-cols-1">
        <div>
          <dt className="text-slate-500">{t("phone")}</dt>
          <dd className="font-medium text-slate-800" data-testid="profile-phone">
            {profile.phone ? formatPhone(profile.phone) : t("hiddenPhone")}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("username")}</dt>
          <dd className="truncate font-medium text-slate-800">{profile.username ?? "—"}</dd>
        </div>
      </dl>
    </Card>
  );
}

import { z } from "zod";

/** PATCH /api/admin/settings: one or more settings; unknown keys are refused, not ignored. */
export const adminSettingsPatchSchema = z
  .object({
    webhooksAllowPrivate: z.boolean(),
  })
  .strict();

export type AdminSettingsPatch = z.infer<typeof adminSettingsPatchSchema>;

/** What the admin panel shows: the stored setting and whether the deployment forces it on. */
export type AdminSettingsDto = {
  webhooksAllowPrivate: boolean;
  /** WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=1 or not production: private addresses are allowed anyway. */
  webhooksAllowPrivateForced: boolean;
};

// Every TL method the sandbox answers is registered from here, and only from here: one
// list to read when asking "does the sandbox implement X?".
import type { Sandbox } from "../sandbox";
import { registerAccount } from "./account";
import { registerAuth } from "./auth";
import { registerChannels } from "./channels";
import { registerContacts } from "./contacts";
import { registerEdits } from "./edits";
import { registerHelp } from "./help";
import { registerMessages } from "./messages";
import { registerSearch } from "./search";
import { registerUpdates } from "./updates";
import { registerUpload } from "./upload";
import { registerUsers } from "./users";

export function registerMethods(s: Sandbox): void {
  registerHelp(s);
  registerUsers(s);
  registerUpdates(s);
  registerAuth(s);
  registerAccount(s);
  registerMessages(s);
  registerSearch(s);
  registerChannels(s);
  registerContacts(s);
  registerUpload(s);
  registerEdits(s);
}

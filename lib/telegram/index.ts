import "server-only";

// The only door into Telegram for app/ and components/ (an ESLint rule in eslint.config.js
// keeps it so). Everything here is keyed by the signed-in site user and answers in DTOs;
// client components import types from ./dto and ./login/types instead, which are client-safe.

export {
  findActiveAccount,
  getAvatarFor,
  getChat,
  getChatPeer,
  getChats,
  getContacts,
  getDashboard,
  getLinkedAccount,
  getLoginAttempts,
  getSessions,
  logOut,
  markChatRead,
  outcomeOf,
  problemOf,
  sendChatMessage,
  sendChatFile,
  subscribe,
  terminateOtherSession,
  unlink,
  type Outcome,
} from "./dashboard";
export type { Avatar } from "./read-models/avatars";
export type { FileToSend } from "./read-models/uploads";
export { findPerson, getChatAfter, getChatAround, getRateBuckets, searchEverywhere, searchInChat } from "./find";
export { deleteChatMessage, deleteChatMessages, editChatMessage, forwardChatMessages } from "./message-actions";
export { MediaNotFoundError, openMessageMedia, type OpenedMedia } from "./media/download";
export {
  cancelLogin,
  changeLoginPhone,
  getLoginState,
  resendLoginCode,
  startLogin,
  submitLoginCode,
  submitLoginPassword,
  submitLoginPhone,
} from "./login/registry";
export { sandboxDemoUsers, type DemoUser } from "./login/sandbox-bridge";
export { scanAsSandboxUser } from "./login/sandbox-scan";
export * from "./limits";
export {
  adminCloseAccount,
  adminConnectionState,
  adminLogOutAccount,
  connectedAccountCount,
  type AdminConnectionState,
} from "./admin";
export type * from "./dto";
export type * from "./login/types";
// Web Push: accounts whose owner subscribed a browser stay connected (runtime/push-feed.ts).
export { refreshPushAccounts } from "./runtime/push-feed";

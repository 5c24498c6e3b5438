// The state an auth key carries, shared by the connection layer, the dispatcher and the
// methods. Kept apart from sandbox.ts so that connection.ts depends on these types and
// a narrow host interface, not on the Sandbox class (which constructs connections).

/** Authorization state shared by the two ids a key may have (see registerAuthKey). */
export interface AuthState {
  primaryId: string;
  fullKey: Buffer;
  dcId: number;
  serverSalt: bigint;
  userId: number | null;
  /** user who passed the first factor and owes a 2FA password (not persisted) */
  pendingUserId?: number;
  revoked?: boolean;
  createdAt: number;
  info: {
    hash?: string;
    internal?: boolean;
    deviceModel?: string;
    systemVersion?: string;
    appVersion?: string;
    apiId?: number;
    langCode?: string;
    layer?: number;
    activeAt?: number;
    authorizedAt?: number;
    /**
     * Set on a key authorised by auth.importAuthorization: the hash of the authorization
     * that exported it. Telegram shows such keys (a client's media DCs) as part of that
     * one device, and ends them with it.
     */
    parentHash?: string;
  };
}

export interface KeyRecord {
  id: string;
  idBytes: Buffer;
  key: Buffer;
  dcId: number;
  serverSalt: bigint;
  sessions: Set<bigint>;
  auth: AuthState;
}

/** What a method may change about the connection its request came on. */
export interface CallerConnection {
  /** invokeWithoutUpdates sessions get no pushes */
  wantsUpdates: boolean;
}

export interface CallContext {
  dcId: number;
  key: KeyRecord;
  conn?: CallerConnection;
}

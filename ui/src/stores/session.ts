// Who is signed in, shared by the header, the navigation, the page guards and the idle lock.
import * as api from "../api";
import type { Role } from "../bindings/Role";
import type { Session } from "../bindings/Session";
import { lastAttestation } from "./attestation";
import { createStore } from "./createStore";
import { pendingApplications } from "./pending";
import { clearMediaJob } from "./mediaJob";

/** undefined: not read yet; null: nobody signed in. */
export const sessionStore = createStore<Session | null | undefined>(undefined);

export const refreshSession = async () => sessionStore.set(await api.session());

export const signIn = async (name: string, password: string) => sessionStore.set(await api.login(name, password));

export const signOut = async () => {
  await api.logout();
  // A finished job's result is for whoever ran it, not the next user (a running one stays).
  clearMediaJob();
  lastAttestation.set(null);
  pendingApplications.set(null);
  sessionStore.set(null);
};

export const lockScreen = async () => {
  await api.lock();
  sessionStore.set((s) => (s ? { ...s, locked: true } : s));
};

export const unlockScreen = async (password: string) => sessionStore.set(await api.unlock(password));

export const hasRole = (s: Session | null | undefined, ...roles: Role[]) => !!s && s.roles.some((r) => roles.includes(r));

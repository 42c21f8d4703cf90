// The last attestation of this sign-in: the 鉴证 page shows it again when the clerk comes
// back; sign-out forgets it (it is for whoever ran it).
import type { Attestation } from "../bindings/Attestation";
import { createStore } from "./createStore";

export const lastAttestation = createStore<Attestation | null>(null);

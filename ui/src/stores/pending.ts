// How many applications wait for a decision: the 审批 entry of the navigation shows it to
// reviewers. Set from the dashboard's overview and from the approvals page's own list.
import { createStore } from "./createStore";

export const pendingApplications = createStore<number | null>(null);

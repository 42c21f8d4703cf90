import { Button } from "antd";
import type { NotificationInstance } from "antd/es/notification/interface";
import type { ReactNode } from "react";

export type JobNotice = {
  jobId: string;
  type: "success" | "warning" | "error";
  title: string;
  description: ReactNode;
  view: string;
  onView: () => void;
};

/**
 * A job ended while the clerk was on another screen: a notification that stays until
 * closed, with a button back to where the result is shown.
 */
export function openJobNotice(notification: NotificationInstance, n: JobNotice): void {
  const key = `job-${n.jobId}`;
  notification.open({
    key,
    type: n.type,
    title: n.title,
    description: n.description,
    duration: 0,
    // Clear of the header's lock and sign-out buttons: it stays until closed.
    placement: "bottomRight",
    props: { "data-testid": "job-notice" },
    actions: (
      <Button
        type={n.type === "error" ? "default" : "primary"}
        size="small"
        data-testid="job-notice-view"
        onClick={() => {
          notification.destroy(key);
          n.onView();
        }}
      >
        {n.view}
      </Button>
    ),
  });
}

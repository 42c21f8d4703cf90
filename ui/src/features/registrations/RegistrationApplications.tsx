import { Card, Space, Table, Tag, type TableColumnsType } from "antd";
import { useState } from "react";
import { listApplications } from "../../api";
import type { Application } from "../../bindings/Application";
import { formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { applicationKindLabel, applicationStatusLabel } from "../../labels";
import { isMediaJobActive, mediaJob } from "../../stores/mediaJob";
import { hasRole, sessionStore } from "../../stores/session";
import { ApprovalUseLine, CarryOutButton } from "../approvals/ApprovalUse";
import RestoreModal from "../media/RestoreModal";
import type { ApplyTarget } from "./ApplyRestoreModal";

const STATUS_COLOR = { pending: "orange", approved: "green", rejected: undefined } as const;

/** The applications (申请) for one sealed registration, with the restore an approved one
 *  allows started right here: the clerk need not look for it under 审批. */
export default function RegistrationApplications({ target, reloadKey }: { target: ApplyTarget; reloadKey: number }) {
  const { t } = useI18n();
  const session = sessionStore.use();
  const job = mediaJob.use();
  const all = useLoad(listApplications, [reloadKey, job?.status === "done" ? job.jobId : null]);
  const [restoring, setRestoring] = useState<Application | null>(null);
  const rows = (all.data ?? []).filter((a) =>
    "lowerNumber" in target ? a.registrationId === null && a.registrationNumber === target.lowerNumber : a.registrationId === target.registrationId,
  );
  if (rows.length === 0) return null;
  const clerk = hasRole(session, "clerk");

  const columns: TableColumnsType<Application> = [
    { title: "#", dataIndex: "id", width: 60 },
    { title: t("approvals.kind"), dataIndex: "kind", width: 140, render: (k: Application["kind"]) => applicationKindLabel(t, k) },
    {
      title: t("approvals.status"),
      dataIndex: "status",
      width: 190,
      render: (s: Application["status"], a) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLOR[s]}>{applicationStatusLabel(t, s)}</Tag>
          <ApprovalUseLine application={a} />
        </Space>
      ),
    },
    { title: t("approvals.reason"), dataIndex: "reason", ellipsis: true },
    { title: t("approvals.reference"), dataIndex: "reference", width: 140, ellipsis: true },
    { title: t("approvals.applied"), key: "applied", width: 200, render: (_, a) => `${a.appliedBy} · ${formatDateTime(a.appliedAt)}` },
    {
      key: "act",
      width: 110,
      render: (_, a) => clerk && <CarryOutButton application={a} testPrefix="detail-" disabled={isMediaJobActive(job)} onClick={() => setRestoring(a)} />,
    },
  ];

  return (
    <Card data-testid="registration-applications" title={t("detail.applications")}>
      <Table rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} />
      <RestoreModal application={restoring} onClose={() => setRestoring(null)} />
    </Card>
  );
}

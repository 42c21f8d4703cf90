import { Alert, App, Button, Card, Popconfirm, Space, Switch, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { decideApplication, listApplications } from "../api";
import type { Application } from "../bindings/Application";
import type { ApplicationStatus } from "../bindings/ApplicationStatus";
import { errorMessage } from "../errors";
import { formatDateTime } from "../format";
import { useLoad } from "../hooks/useLoad";
import { useI18n } from "../i18n";
import { applicationKindLabel, applicationStatusLabel } from "../labels";
import { navigate } from "../router";
import MediaJobPanel from "../components/MediaJobPanel";
import RestoreModal from "../components/RestoreModal";
import { isMediaJobActive, mediaJob } from "../stores/mediaJob";
import { hasRole, sessionStore } from "../stores/session";

const STATUS_COLORS: Record<ApplicationStatus, string> = { pending: "processing", approved: "success", rejected: "default" };

/** 审批: reviewers and admins decide pending applications; clerks follow their own. */
export default function ApprovalsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = sessionStore.use();
  const decides = hasRole(session, "reviewer", "admin");
  const apps = useLoad(listApplications);
  const [pendingOnly, setPendingOnly] = useState(decides);
  const [busy, setBusy] = useState<number | null>(null);
  const restores = hasRole(session, "clerk");
  const job = mediaJob.use();
  const [restoring, setRestoring] = useState<Application | null>(null);

  const rows = useMemo(() => (apps.data ?? []).filter((a) => !pendingOnly || a.status === "pending"), [apps.data, pendingOnly]);

  const decide = async (a: Application, approve: boolean) => {
    setBusy(a.id);
    try {
      await decideApplication(a.id, approve);
      message.success(t(approve ? "approvals.approved" : "approvals.rejected", { id: a.id }));
      apps.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<Application> = [
    { title: "#", dataIndex: "id", width: 60, align: "right" },
    { title: t("approvals.kind"), dataIndex: "kind", width: 150, render: (k: Application["kind"]) => applicationKindLabel(t, k) },
    {
      title: t("approvals.registration"),
      dataIndex: "registrationNumber",
      width: 180,
      render: (n: string | null, a) => (
        <Typography.Link className="mono" onClick={() => navigate({ name: "registration", id: a.registrationId })}>
          {n ?? a.registrationId}
        </Typography.Link>
      ),
    },
    { title: t("approvals.unit"), dataIndex: "unitName", ellipsis: true },
    { title: t("approvals.reason"), dataIndex: "reason", ellipsis: true },
    { title: t("approvals.reference"), dataIndex: "reference", width: 140 },
    { title: t("approvals.appliedBy"), dataIndex: "appliedBy", width: 100 },
    { title: t("approvals.appliedAt"), dataIndex: "appliedAt", width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t("approvals.status"),
      dataIndex: "status",
      width: 150,
      render: (s: ApplicationStatus, a) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLORS[s]}>{applicationStatusLabel(t, s)}</Tag>
          {a.decidedBy && <Typography.Text type="secondary">{a.decidedBy}</Typography.Text>}
        </Space>
      ),
    },
  ];
  if (decides) {
    columns.push({
      title: t("approvals.actions"),
      width: 150,
      render: (_, a) =>
        a.status === "pending" && (
          <Space>
            <Button size="small" type="primary" data-testid={`approve-${a.id}`} loading={busy === a.id} onClick={() => void decide(a, true)}>
              {t("approvals.approve")}
            </Button>
            <Popconfirm title={t("approvals.rejectConfirm")} onConfirm={() => decide(a, false)}>
              <Button size="small" danger data-testid={`reject-${a.id}`} disabled={busy === a.id}>
                {t("approvals.reject")}
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  if (restores) {
    columns.push({
      title: t("media.actions"),
      width: 90,
      render: (_, a) =>
        a.status === "approved" &&
        a.kind === "restore" && (
          <Button size="small" type="primary" data-testid={`restore-${a.id}`} disabled={isMediaJobActive(job)} onClick={() => setRestoring(a)}>
            {t("restore.actionShort")}
          </Button>
        ),
    });
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {job && job.kind === "restore" && <MediaJobPanel job={job} />}
    <Card
      title={decides ? t("approvals.title") : t("approvals.mineTitle")}
      extra={
        <Space>
          <Switch data-testid="approvals-pending-only" checked={pendingOnly} onChange={setPendingOnly} />
          {t("approvals.pendingOnly")}
        </Space>
      }
    >
      {apps.error && <Alert type="error" showIcon title={apps.error} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="applications-table"
        rowKey="id"
        size="small"
        loading={apps.loading}
        columns={columns}
        dataSource={rows}
        locale={{ emptyText: t("approvals.empty") }}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
      />
    </Card>
      <RestoreModal application={restoring} onClose={() => setRestoring(null)} />
    </Space>
  );
}

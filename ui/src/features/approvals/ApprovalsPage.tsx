import { Alert, App, Button, Card, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { useEffect, useMemo, useState } from "react";
import { decideApplication, listApplications } from "../../api";
import type { Application } from "../../bindings/Application";
import type { ApplicationStatus } from "../../bindings/ApplicationStatus";
import { errorMessage } from "../../errors";
import { formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { applicationKindLabel, applicationStatusLabel } from "../../labels";
import { navigate } from "../../router";
import MediaJobPanel from "../media/MediaJobPanel";
import RestoreModal from "../media/RestoreModal";
import LowerRegistrationDrawer from "../search/LowerRegistrationDrawer";
import { ApprovalUseLine, CarryOutButton } from "./ApprovalUse";
import { isMediaJobActive, mediaJob } from "../../stores/mediaJob";
import { hasRole, sessionStore } from "../../stores/session";
import { pagesOver } from "../../tables";
import { pendingApplications } from "../../stores/pending";

const STATUS_COLORS: Record<ApplicationStatus, string> = { pending: "processing", approved: "success", rejected: "default" };

/** 审批: reviewers and admins decide pending applications; clerks follow their own. */
export default function ApprovalsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = sessionStore.use();
  const decides = hasRole(session, "reviewer", "admin");
  const job = mediaJob.use();
  // A finished restore or hand-back used its approval: read the list again.
  const apps = useLoad(listApplications, [job?.status === "done" ? job.jobId : null]);
  const [pendingOnly, setPendingOnly] = useState(decides);
  const [busy, setBusy] = useState<number | null>(null);
  const restores = hasRole(session, "clerk");
  const [restoring, setRestoring] = useState<Application | null>(null);
  // A lower archive's registration opens read-only from its copy.
  const [lowerNumber, setLowerNumber] = useState<string | null>(null);

  useEffect(() => {
    if (apps.data) pendingApplications.set(apps.data.filter((a) => a.status === "pending").length);
  }, [apps.data]);

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

  // Fits 1280x800 without scrolling: registration and unit share a column, as do the
  // applicant and the time; the reason is cut with a tooltip; the actions stay on the right.
  const columns: TableColumnsType<Application> = [
    { title: "#", dataIndex: "id", width: 48, align: "right" },
    { title: t("approvals.kind"), dataIndex: "kind", width: 112, render: (k: Application["kind"]) => applicationKindLabel(t, k) },
    {
      title: t("approvals.regUnit"),
      key: "registration",
      width: 190,
      render: (_, a) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: "100%" }}>
          <Typography.Link
            className="mono"
            onClick={() => (a.registrationId === null ? setLowerNumber(a.registrationNumber) : navigate({ name: "registration", id: a.registrationId }))}
          >
            {a.registrationNumber ?? a.registrationId}
          </Typography.Link>
          {a.lowerArchive && (
            <Tag data-testid={`approval-lower-${a.id}`} color="purple" style={{ marginInlineEnd: 0 }}>
              {t("approvals.lower", { archive: a.lowerArchive })}
            </Tag>
          )}
          <Typography.Text type="secondary" ellipsis={{ tooltip: a.unitName }} style={{ maxWidth: 170 }}>
            {a.unitName}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t("approvals.reason"), dataIndex: "reason", ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
    // Short, and worth reading in full: wraps rather than being cut.
    { title: t("approvals.reference"), dataIndex: "reference", width: 140 },
    {
      title: t("approvals.applied"),
      key: "applied",
      width: 136,
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <span>{a.appliedBy}</span>
          <Typography.Text type="secondary">{formatDateTime(a.appliedAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t("approvals.status"),
      dataIndex: "status",
      width: 150,
      render: (s: ApplicationStatus, a) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLORS[s]}>{applicationStatusLabel(t, s)}</Tag>
          {a.decidedBy && <Typography.Text type="secondary">{a.decidedBy}</Typography.Text>}
          <ApprovalUseLine application={a} />
        </Space>
      ),
    },
  ];
  // One action column on the right: deciding (reviewers, admins) and restoring (clerks).
  if (decides || restores) {
    columns.push({
      title: t("media.actions"),
      key: "actions",
      width: decides ? 136 : 80,
      fixed: "right",
      render: (_, a) => {
        if (decides && a.status === "pending") {
          return (
            <Space size={6}>
              <Button size="small" type="primary" data-testid={`approve-${a.id}`} loading={busy === a.id} onClick={() => void decide(a, true)}>
                {t("approvals.approve")}
              </Button>
              <Popconfirm title={t("approvals.rejectConfirm")} onConfirm={() => decide(a, false)}>
                <Button size="small" danger data-testid={`reject-${a.id}`} disabled={busy === a.id}>
                  {t("approvals.reject")}
                </Button>
              </Popconfirm>
            </Space>
          );
        }
        if (restores) return <CarryOutButton application={a} disabled={isMediaJobActive(job)} onClick={() => setRestoring(a)} />;
        return null;
      },
    });
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {job && (job.kind === "restore" || job.kind === "handback") && <MediaJobPanel job={job} />}
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
          tableLayout="fixed"
          loading={apps.loading}
          columns={columns}
          dataSource={rows}
          locale={{ emptyText: t("approvals.empty") }}
          pagination={pagesOver(rows.length)}
          scroll={{ x: 960 }}
        />
      </Card>
      <RestoreModal application={restoring} onClose={() => setRestoring(null)} />
      <LowerRegistrationDrawer number={lowerNumber} onClose={() => setLowerNumber(null)} />
    </Space>
  );
}

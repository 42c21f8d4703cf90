import { CheckOutlined, FilePdfOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { decideDisposal, saveDisposalRecord } from "../../api";
import type { Disposal } from "../../bindings/Disposal";
import { saveFileDialog } from "../../dialogs";
import { errorMessage } from "../../errors";
import { formatCount, formatDateTime } from "../../format";
import { useI18n } from "../../i18n";
import { navigate } from "../../router";

const STATUS_COLORS: Record<string, string> = { pending: "gold", approved: "red", rejected: "default" };
const STATUS_KEYS = { pending: "disposal.status.pending", approved: "disposal.status.approved", rejected: "disposal.status.rejected" } as const;

/** 销毁申请: each application with its decision; reviewers and admins approve (which
 *  carries it out) or reject it; an approved one prints its 销毁清单. */
export function DisposalApplications({
  disposals,
  loading,
  decides,
  onChanged,
}: {
  disposals: Disposal[];
  loading: boolean;
  decides: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [deciding, setDeciding] = useState<Disposal | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note?: string }>();

  const decide = async (approve: boolean) => {
    if (!deciding) return;
    const note = form.getFieldValue("note") ?? "";
    if (!approve && !note.trim()) {
      form.setFields([{ name: "note", errors: [t("disposal.noteRequired")] }]);
      return;
    }
    setBusy(true);
    try {
      const d = await decideDisposal(deciding.id, approve, note);
      message.success(approve ? t("disposal.approvedOk", { n: formatCount(d.items.length) }) : t("disposal.rejectedOk"));
      setDeciding(null);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const saveRecord = async (d: Disposal) => {
    try {
      const path = await saveFileDialog(t, t("dialog.saveDisposalRecord"), `${t("disposal.recordFileName")}-${d.registrationNumber}-${d.id}.pdf`, "pdf");
      if (!path) return;
      await saveDisposalRecord(d.id, path);
      message.success(t("disposal.recordSaved", { path }));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: TableColumnsType<Disposal> = [
    { title: "#", dataIndex: "id", width: 50, align: "right" },
    {
      title: t("disposal.registration"),
      key: "registration",
      width: 160,
      render: (_, d) => (
        <Typography.Link className="mono" onClick={() => navigate({ name: "registration", id: d.registrationId })}>
          {d.registrationNumber}
        </Typography.Link>
      ),
    },
    {
      title: t("disposal.scope"),
      key: "scope",
      width: 72,
      render: (_, d) => (d.whole ? t("disposal.whole", { n: formatCount(d.items.length) }) : t("disposal.some", { n: formatCount(d.items.length) })),
    },
    { title: t("disposal.disposeReason"), dataIndex: "reason", ellipsis: true },
    { title: t("disposal.consent"), dataIndex: "consentReference", width: 120 },
    {
      title: t("disposal.applicant"),
      key: "applied",
      width: 120,
      render: (_, d) => (
        <Space orientation="vertical" size={0}>
          <span>{d.appliedBy}</span>
          <Typography.Text type="secondary">{formatDateTime(d.appliedAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t("disposal.state"),
      key: "state",
      width: 200,
      render: (_, d) => {
        const pendingMedia = d.media.filter((m) => !m.removedAt).map((m) => m.label);
        return (
          <Space orientation="vertical" size={2} data-testid={`disposal-state-${d.id}`}>
            <Tag color={STATUS_COLORS[d.status]}>{t(STATUS_KEYS[d.status as keyof typeof STATUS_KEYS] ?? STATUS_KEYS.pending)}</Tag>
            {d.decidedBy && d.decidedAt && (
              <Typography.Text type="secondary">
                {t("disposal.decidedBy", { by: d.decidedBy, at: formatDateTime(d.decidedAt) })}
                {d.decisionNote ? `：${d.decisionNote}` : ""}
              </Typography.Text>
            )}
            {pendingMedia.length > 0 && <Typography.Text type="warning">{t("disposal.mediaPending", { labels: pendingMedia.join("、") })}</Typography.Text>}
          </Space>
        );
      },
    },
    {
      title: t("media.actions"),
      key: "actions",
      width: 112,
      render: (_, d) =>
        d.status === "pending" && decides ? (
          <Button size="small" type="primary" icon={<CheckOutlined />} data-testid={`decide-disposal-${d.id}`} onClick={() => setDeciding(d)}>
            {t("disposal.decide")}
          </Button>
        ) : d.status === "approved" ? (
          <Button size="small" icon={<FilePdfOutlined />} data-testid={`disposal-record-${d.id}`} onClick={() => void saveRecord(d)}>
            {t("disposal.record")}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card title={t("disposal.applications")}>
      <Table
        data-testid="disposals-table"
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={loading}
        columns={columns}
        dataSource={disposals}
        locale={{ emptyText: t("disposal.noApplications") }}
        pagination={false}
        expandable={{
          expandedRowRender: (d) => (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.items}
              columns={[
                { title: t("disposal.path"), dataIndex: "path", ellipsis: true },
                { title: "SM3", dataIndex: "sm3", className: "mono", ellipsis: true },
              ]}
            />
          ),
        }}
      />
      <Modal
        open={deciding !== null}
        title={t("disposal.decideTitle", { id: String(deciding?.id ?? ""), number: deciding?.registrationNumber ?? "" })}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
        footer={[
          <Button key="reject" danger data-testid="disposal-reject" disabled={busy} onClick={() => void decide(false)}>
            {t("disposal.reject")}
          </Button>,
          <Button key="approve" type="primary" danger data-testid="disposal-approve" loading={busy} onClick={() => void decide(true)}>
            {t("disposal.approve")}
          </Button>,
        ]}
      >
        {deciding && (
          <Space orientation="vertical" size={12} style={{ width: "100%" }}>
            <Alert type="warning" showIcon title={t("disposal.decideWarning")} />
            <Typography.Text>
              {t("disposal.decideWhat", { n: formatCount(deciding.items.length), reason: deciding.reason, consent: deciding.consentReference, by: deciding.appliedBy })}
            </Typography.Text>
            <Form form={form} layout="vertical" preserve={false}>
              <Form.Item name="note" label={t("disposal.note")} extra={t("disposal.noteHint")}>
                <Input.TextArea data-testid="disposal-note" rows={2} />
              </Form.Item>
            </Form>
          </Space>
        )}
      </Modal>
    </Card>
  );
}

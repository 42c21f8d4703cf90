import { DeleteOutlined, LockOutlined, UnlockOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Space, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from "antd";
import { useState } from "react";
import { applyDisposal, disposalDue, listDisposals, listHolds, placeHold, releaseHold } from "../../api";
import type { DueRegistration } from "../../bindings/DueRegistration";
import type { Hold } from "../../bindings/Hold";
import { DisposalApplications } from "./DisposalApplications";
import { errorMessage } from "../../errors";
import { formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { navigate } from "../../router";
import { hasRole, sessionStore } from "../../stores/session";
import { pagesOver } from "../../tables";

type HoldValues = { reference: string; reason: string; range?: [{ format: (f: string) => string } | null, { format: (f: string) => string } | null] };

/** 鉴定销毁: registrations with files past their 保管期限 (10年/30年, counted from 1 January
 *  after the file's year), and the legal holds (诉讼保全) that keep a registration. */
export default function DisposalPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = sessionStore.use();
  const releases = hasRole(session, "reviewer", "admin");
  const [reload, setReload] = useState(0);
  const due = useLoad(disposalDue, [reload]);
  const holds = useLoad(listHolds, [reload]);
  const disposals = useLoad(listDisposals, [reload]);
  const [disposing, setDisposing] = useState<DueRegistration | null>(null);
  const [disposeForm] = Form.useForm<{ reason: string; consent: string }>();
  const [holding, setHolding] = useState<DueRegistration | null>(null);
  const [releasing, setReleasing] = useState<Hold | null>(null);
  const [busy, setBusy] = useState(false);
  const [holdForm] = Form.useForm<HoldValues>();
  const [releaseForm] = Form.useForm<{ reason: string }>();

  const run = async (work: () => Promise<unknown>, done: string, close: () => void) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      close();
      setReload((n) => n + 1);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<DueRegistration> = [
    {
      title: t("disposal.registration"),
      key: "registration",
      width: 180,
      render: (_, r) => (
        <Typography.Link className="mono" onClick={() => navigate({ name: "registration", id: r.registrationId })}>
          {r.registrationNumber}
        </Typography.Link>
      ),
    },
    { title: t("disposal.unit"), dataIndex: "unitName", width: 160, ellipsis: true },
    { title: t("disposal.title"), dataIndex: "title", ellipsis: true },
    {
      title: t("disposal.dueItems"),
      key: "items",
      width: 130,
      render: (_, r) =>
        r.items.length === r.totalItems ? (
          <Tag color="red">{t("disposal.allDue", { n: formatCount(r.totalItems) })}</Tag>
        ) : (
          t("disposal.someDue", { n: formatCount(r.items.length), total: formatCount(r.totalItems) })
        ),
    },
    {
      title: t("disposal.earliest"),
      key: "earliest",
      width: 110,
      render: (_, r) => r.items.map((i) => i.dueOn).sort()[0],
    },
    {
      title: t("disposal.hold"),
      key: "hold",
      width: 250,
      render: (_, r) =>
        r.holds.length > 0 ? (
          <Space orientation="vertical" size={0}>
            {r.holds.map((h) => (
              <Tag key={h.id} color="purple" icon={<LockOutlined />} data-testid={`held-${r.registrationNumber}`} style={{ whiteSpace: "normal" }}>
                {t("disposal.heldBy", { reference: h.reference })}
              </Tag>
            ))}
          </Space>
        ) : (
          <Space size={6}>
            <Button size="small" icon={<LockOutlined />} data-testid={`hold-${r.registrationNumber}`} onClick={() => setHolding(r)}>
              {t("disposal.placeHold")}
            </Button>
            <Button size="small" danger icon={<DeleteOutlined />} data-testid={`dispose-${r.registrationNumber}`} onClick={() => setDisposing(r)}>
              {t("disposal.apply")}
            </Button>
          </Space>
        ),
    },
  ];

  const holdColumns: TableColumnsType<Hold> = [
    { title: "#", dataIndex: "id", width: 56, align: "right" },
    { title: t("disposal.registration"), dataIndex: "registrationNumber", width: 190, className: "mono" },
    { title: t("disposal.reference"), dataIndex: "reference", width: 200 },
    { title: t("disposal.reason"), dataIndex: "reason", ellipsis: true },
    { title: t("disposal.span"), key: "span", width: 210, render: (_, h) => `${h.startsOn} — ${h.endsOn ?? t("disposal.untilReleased")}` },
    {
      title: t("disposal.state"),
      key: "state",
      width: 220,
      render: (_, h) =>
        h.releasedAt ? (
          <Typography.Text type="secondary">{t("disposal.released", { by: h.releasedBy ?? "", at: formatDateTime(h.releasedAt) })}</Typography.Text>
        ) : releases ? (
          <Button size="small" icon={<UnlockOutlined />} data-testid={`release-${h.id}`} onClick={() => setReleasing(h)}>
            {t("disposal.release")}
          </Button>
        ) : (
          <Tag color="purple">{t("disposal.inForce")}</Tag>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card title={t("disposal.pageTitle")}>
        <Alert type="info" showIcon title={t("disposal.hint")} style={{ marginBottom: 16 }} />
        {due.error && <Alert type="error" showIcon title={due.error} style={{ marginBottom: 16 }} />}
        <Table
          data-testid="disposal-due-table"
          rowKey="registrationId"
          size="small"
          tableLayout="fixed"
          loading={due.loading}
          columns={columns}
          dataSource={due.data ?? []}
          locale={{ emptyText: t("disposal.noneDue") }}
          pagination={pagesOver((due.data ?? []).length)}
          expandable={{
            expandedRowRender: (r) => (
              <Table
                rowKey="path"
                size="small"
                pagination={false}
                dataSource={r.items}
                columns={[
                  { title: t("disposal.path"), dataIndex: "path", ellipsis: true },
                  { title: t("disposal.retention"), dataIndex: "retention", width: 90 },
                  { title: t("disposal.date"), dataIndex: "date", width: 110 },
                  { title: t("disposal.dueOn"), dataIndex: "dueOn", width: 120 },
                ]}
              />
            ),
          }}
        />
      </Card>
      <DisposalApplications
        disposals={disposals.data ?? []}
        loading={disposals.loading}
        decides={releases}
        onChanged={() => setReload((n) => n + 1)}
      />
      <Card title={t("disposal.holds")}>
        <Table
          data-testid="holds-table"
          rowKey="id"
          size="small"
          tableLayout="fixed"
          loading={holds.loading}
          columns={holdColumns}
          dataSource={holds.data ?? []}
          locale={{ emptyText: t("disposal.noHolds") }}
          pagination={pagesOver((holds.data ?? []).length)}
        />
      </Card>
      <Modal
        open={holding !== null}
        title={t("disposal.holdTitle", { number: holding?.registrationNumber ?? "" })}
        okText={t("disposal.placeHold")}
        okButtonProps={{ "data-testid": "hold-submit", loading: busy } as ButtonProps}
        onOk={() => holdForm.submit()}
        onCancel={() => setHolding(null)}
        destroyOnHidden
      >
        <Form
          form={holdForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            holding &&
            void run(
              () =>
                placeHold({
                  registrationId: holding.registrationId,
                  reference: v.reference,
                  reason: v.reason,
                  startsOn: v.range?.[0]?.format("YYYY-MM-DD") ?? null,
                  endsOn: v.range?.[1]?.format("YYYY-MM-DD") ?? null,
                }),
              t("disposal.held", { number: holding.registrationNumber }),
              () => setHolding(null),
            )
          }
        >
          <Form.Item name="reference" label={t("disposal.reference")} rules={[{ required: true, whitespace: true, message: t("disposal.referenceRequired") }]}>
            <Input data-testid="hold-reference" placeholder="（2026）浙0102民初123号" />
          </Form.Item>
          <Form.Item name="reason" label={t("disposal.reason")} rules={[{ required: true, whitespace: true, message: t("disposal.reasonRequired") }]}>
            <Input.TextArea data-testid="hold-reason" rows={2} />
          </Form.Item>
          <Form.Item name="range" label={t("disposal.span")} extra={t("disposal.spanHint")}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={disposing !== null}
        title={t("disposal.applyTitle", { number: disposing?.registrationNumber ?? "" })}
        okText={t("disposal.apply")}
        okButtonProps={{ "data-testid": "dispose-submit", danger: true, loading: busy } as ButtonProps}
        onOk={() => disposeForm.submit()}
        onCancel={() => setDisposing(null)}
        destroyOnHidden
      >
        {disposing && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={
              disposing.items.length === disposing.totalItems
                ? t("disposal.applyWhole", { n: formatCount(disposing.totalItems) })
                : t("disposal.applySome", { n: formatCount(disposing.items.length), total: formatCount(disposing.totalItems) })
            }
          />
        )}
        <Form
          form={disposeForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            disposing &&
            void run(
              () =>
                applyDisposal({
                  registrationId: disposing.registrationId,
                  // All of it due: the whole registration; else the due files.
                  paths: disposing.items.length === disposing.totalItems ? [] : disposing.items.map((i) => i.path),
                  reason: v.reason,
                  consentReference: v.consent,
                }),
              t("disposal.applied", { number: disposing.registrationNumber }),
              () => setDisposing(null),
            )
          }
        >
          <Form.Item name="reason" label={t("disposal.disposeReason")} rules={[{ required: true, whitespace: true, message: t("disposal.reasonRequired") }]}>
            <Input.TextArea data-testid="dispose-reason" rows={2} placeholder={t("disposal.disposeReasonPlaceholder")} />
          </Form.Item>
          <Form.Item name="consent" label={t("disposal.consent")} rules={[{ required: true, whitespace: true, message: t("disposal.consentRequired") }]} extra={t("disposal.consentHint")}>
            <Input data-testid="dispose-consent" placeholder="某某科技〔2026〕3号" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={releasing !== null}
        title={t("disposal.releaseTitle", { reference: releasing?.reference ?? "" })}
        okText={t("disposal.release")}
        okButtonProps={{ "data-testid": "release-submit", loading: busy } as ButtonProps}
        onOk={() => releaseForm.submit()}
        onCancel={() => setReleasing(null)}
        destroyOnHidden
      >
        <Form
          form={releaseForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) => releasing && void run(() => releaseHold(releasing.id, v.reason), t("disposal.releasedOk"), () => setReleasing(null))}
        >
          <Form.Item name="reason" label={t("disposal.releaseReason")} rules={[{ required: true, whitespace: true, message: t("disposal.reasonRequired") }]}>
            <Input.TextArea data-testid="release-reason" rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

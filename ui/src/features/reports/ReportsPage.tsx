import { CloudUploadOutlined, FolderOpenOutlined, InboxOutlined, MedicineBoxOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Modal, Space, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import * as api from "../../api";
import type { LowerArchive } from "../../bindings/LowerArchive";
import type { RecoveryMedium } from "../../bindings/RecoveryMedium";
import type { RefusedFork } from "../../bindings/RefusedFork";
import type { ReportExported } from "../../bindings/ReportExported";
import type { ReportImported } from "../../bindings/ReportImported";
import type { ReportsOverview } from "../../bindings/ReportsOverview";
import type { SentReport } from "../../bindings/SentReport";
import type { Witness } from "../../bindings/Witness";
import HashText from "../../components/HashText";
import KeyUnlockModal from "../keys/KeyUnlockModal";
import LocalJobProgress from "../../components/LocalJobProgress";
import PathInput from "../../components/PathInput";
import { errorMessage, hasCode } from "../../errors";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useLocalJob } from "../../hooks/useLocalJob";
import { useI18n, type Translate } from "../../i18n";
import { navigate } from "../../router";
import { hasRole, sessionStore } from "../../stores/session";

function WitnessLine({ w, t }: { w: Witness; t: Translate }) {
  return (
    <Alert
      data-testid="reports-witness"
      type="success"
      showIcon
      icon={<SafetyCertificateOutlined />}
      title={t("reports.witnessed", { size: formatCount(w.ledgerSize), archive: w.archive, at: formatDateTime(w.receivedAt), number: w.number })}
      description={<HashText value={w.ledgerHead} placeholder="" />}
    />
  );
}

/** 上报: write the next package for the upper archive onto a drive, then take its receipt in. */
function SendTab({ overview, reload }: { overview: ReportsOverview; reload: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { job, start, cancel } = useLocalJob();
  const [catalogOnly, setCatalogOnly] = useState(false);
  const [result, setResult] = useState<ReportExported | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const [acking, setAcking] = useState(false);
  const [drive, setDrive] = useState("");
  const [returned, setReturned] = useState("");

  if (overview.uppers.length === 0) {
    return (
      <Empty data-testid="reports-no-upper" description={t("reports.noUpper")}>
        <Button onClick={() => navigate({ name: "settings" })}>{t("reports.toSettings")}</Button>
      </Empty>
    );
  }

  const exportTo = async (to: string) => {
    setError(null);
    setResult(null);
    try {
      const r = await start((jobId, channel) => api.startReportExport({ jobId, to, catalogOnly, upper: null }, channel));
      setResult(r);
      // The same folder comes back with the receipt in it.
      if (!r.cancelled) setReturned(r.path);
      reload();
    } catch (e) {
      if (hasCode(e, "key_locked")) setUnlocking(to);
      else setError(errorMessage(e));
    }
  };
  const ack = async () => {
    setError(null);
    const dir = returned.trim();
    if (!dir) return;
    setAcking(true);
    try {
      const r = await api.ackReport(dir);
      message.success(t("reports.acked", { archive: r.to, number: r.number }));
      reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setAcking(false);
    }
  };

  const columns = [
    { title: t("reports.number"), dataIndex: "number", width: 70, render: (n: number) => `#${n}` },
    { title: t("reports.to"), dataIndex: "to" },
    { title: t("reports.ledgerRange"), render: (_: unknown, r: SentReport) => t("reports.range", { from: formatCount(r.ledgerFrom + 1), to: formatCount(r.ledgerSize) }) },
    {
      title: t("reports.files"),
      render: (_: unknown, r: SentReport) => (r.catalogOnly ? <Tag>{t("reports.catalogOnlyTag")}</Tag> : `${formatCount(r.objects)} · ${formatBytes(r.bytes)}`),
    },
    { title: t("reports.exportedAt"), render: (_: unknown, r: SentReport) => `${formatDateTime(r.exportedAt)} · ${r.exportedBy}` },
    {
      title: t("reports.receipt"),
      render: (_: unknown, r: SentReport) =>
        r.ackedAt ? <Tag color="green">{t("reports.ackedAt", { at: formatDateTime(r.ackedAt) })}</Tag> : <Tag color="orange">{t("reports.awaiting")}</Tag>,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("reports.sendIntro", { upper: overview.uppers.join("、") })}
      </Typography.Paragraph>
      <Typography.Text strong>{t("reports.chooseDrive")}</Typography.Text>
      <PathInput testId="reports-to" value={drive} onChange={setDrive} disabled={job !== null} />
      <Space wrap>
        <Button
          data-testid="reports-export"
          type="primary"
          icon={<CloudUploadOutlined />}
          disabled={job !== null || drive.trim() === ""}
          onClick={() => void exportTo(drive.trim())}
        >
          {t("reports.export")}
        </Button>
        <span data-testid="reports-catalog-only">
          <Checkbox checked={catalogOnly} onChange={(e) => setCatalogOnly(e.target.checked)}>
            {t("reports.catalogOnly")}
          </Checkbox>
        </span>
      </Space>
      {job && <LocalJobProgress job={job} title={t("reports.exporting")} testId="reports-export-progress" onCancel={() => void cancel().catch((e: unknown) => setError(errorMessage(e)))} />}
      {result && (
        <Alert
          data-testid="reports-exported"
          type={result.cancelled ? "warning" : "success"}
          showIcon
          title={
            result.cancelled
              ? t("reports.exportCancelled")
              : t("reports.exported", { number: result.number, to: result.to, files: formatCount(result.objects), bytes: formatBytes(result.bytes) })
          }
          description={
            <>
              <div className="mono">{result.path}</div>
              {!result.cancelled && <div>{t("reports.exportedNext", { to: result.to })}</div>}
              {result.forwarded.length > 0 && <div>{t("reports.forwardedOut", { count: result.forwarded.length })}</div>}
            </>
          }
        />
      )}
      {error && <Alert data-testid="reports-error" type="error" showIcon title={error} />}
      <Typography.Text strong>{t("reports.chooseReturned")}</Typography.Text>
      <PathInput testId="reports-ack-path" value={returned} onChange={setReturned} />
      <Button data-testid="reports-ack" icon={<FolderOpenOutlined />} loading={acking} disabled={returned.trim() === ""} onClick={() => void ack()}>
        {t("reports.ack")}
      </Button>
      {overview.witnessed ? <WitnessLine w={overview.witnessed} t={t} /> : <Alert data-testid="reports-witness-none" type="info" showIcon title={t("reports.notWitnessed")} />}
      <Table data-testid="reports-sent" size="small" rowKey={(r) => `${r.to}-${r.number}`} columns={columns} dataSource={overview.sent} pagination={{ pageSize: 8 }} />
      <KeyUnlockModal
        open={unlocking !== null}
        onClose={() => setUnlocking(null)}
        onUnlocked={() => {
          const to = unlocking;
          setUnlocking(null);
          if (to) void exportTo(to);
        }}
      />
    </Space>
  );
}

/** 接收: a lower archive's package checked whole and taken in; the receipt goes back in it. */
function ReceiveTab({ reload }: { reload: () => void }) {
  const { t } = useI18n();
  const { job, start, cancel } = useLocalJob();
  const [result, setResult] = useState<ReportImported | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const [dir, setDir] = useState("");

  const importFrom = async (dir: string) => {
    setError(null);
    setResult(null);
    try {
      setResult(await start((jobId, channel) => api.startReportImport(jobId, dir, channel)));
      reload();
    } catch (e) {
      if (hasCode(e, "key_locked")) setUnlocking(dir);
      else {
        setError(errorMessage(e));
        reload();
      }
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("reports.receiveIntro")}
      </Typography.Paragraph>
      <Typography.Text strong>{t("reports.choosePackage")}</Typography.Text>
      <PathInput testId="reports-package" value={dir} onChange={setDir} disabled={job !== null} />
      <Button data-testid="reports-import" type="primary" icon={<InboxOutlined />} disabled={job !== null || dir.trim() === ""} onClick={() => void importFrom(dir.trim())}>
        {t("reports.import")}
      </Button>
      {job && <LocalJobProgress job={job} title={t("reports.importing")} testId="reports-import-progress" onCancel={() => void cancel().catch((e: unknown) => setError(errorMessage(e)))} />}
      {error && <Alert data-testid="reports-error" type="error" showIcon title={t("reports.refused")} description={error} />}
      {result && (
        <Card size="small" title={<span data-testid="reports-imported">{t("reports.imported", { from: result.from, number: result.number })}</span>}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t("reports.ledgerRange")}>{t("reports.range", { from: formatCount(result.ledgerFrom + 1), to: formatCount(result.ledgerSize) })}</Descriptions.Item>
            <Descriptions.Item label={t("reports.registrations")}>{formatCount(result.registrations)}</Descriptions.Item>
            <Descriptions.Item label={t("reports.files")}>
              {t("reports.filesHeld", { files: formatCount(result.objects), bytes: formatBytes(result.bytes), held: formatCount(result.objectsHeld) })}
            </Descriptions.Item>
            <Descriptions.Item label={t("reports.receipt")}>
              <span className="mono">{result.receiptPath}</span>
            </Descriptions.Item>
          </Descriptions>
          {result.forwarded.map((f) => (
            <div key={`${f.from}-${f.number}`}>
              {f.known ? t("reports.forwardedKnown", { from: f.from, number: f.number }) : t("reports.forwardedIn", { from: f.from, number: f.number, registrations: formatCount(f.registrations) })}
            </div>
          ))}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t("reports.receiptBack", { from: result.from })}
          </Typography.Paragraph>
        </Card>
      )}
      <KeyUnlockModal
        open={unlocking !== null}
        onClose={() => setUnlocking(null)}
        onUnlocked={() => {
          const chosen = unlocking;
          setUnlocking(null);
          if (chosen) void importFrom(chosen);
        }}
      />
    </Space>
  );
}

/** 制作恢复介质: for a lower archive that lost its workstation and media (admin). */
function RecoveryModal({ lower, onClose }: { lower: LowerArchive; onClose: () => void }) {
  const { t } = useI18n();
  const { job, start, cancel } = useLocalJob();
  const [to, setTo] = useState("");
  const [result, setResult] = useState<RecoveryMedium | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    setResult(null);
    try {
      setResult(await start((jobId, channel) => api.startLowerRecovery(jobId, lower.name, to.trim(), channel)));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      open
      title={t("reports.recoveryTitle", { archive: lower.name })}
      onCancel={job ? undefined : onClose}
      closable={job === null}
      footer={
        <Space>
          <Button data-testid="recovery-close" onClick={onClose} disabled={job !== null}>
            {t("reports.close")}
          </Button>
          <Button data-testid="recovery-start" type="primary" disabled={job !== null || to.trim() === ""} onClick={() => void run()}>
            {t("reports.recoveryStart")}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("reports.recoveryIntro", { archive: lower.name, number: lower.lastNumber ?? 0 })}
        </Typography.Paragraph>
        <PathInput testId="recovery-to" value={to} onChange={setTo} disabled={job !== null} />
        {job && <LocalJobProgress job={job} title={t("reports.recoveryRunning")} testId="recovery-progress" onCancel={() => void cancel().catch((e: unknown) => setError(errorMessage(e)))} />}
        {error && <Alert type="error" showIcon title={error} />}
        {result && (
          <Alert
            data-testid="recovery-result"
            type={result.cancelled ? "warning" : result.missing.length > 0 ? "warning" : "success"}
            showIcon
            title={
              result.cancelled
                ? t("reports.recoveryCancelled")
                : t("reports.recoveryDone", { registrations: formatCount(result.registrations), files: formatCount(result.files), bytes: formatBytes(result.bytes) })
            }
            description={
              <>
                <div className="mono">{result.path}</div>
                {result.missing.length > 0 && <div>{t("reports.recoveryMissing", { list: result.missing.join("、") })}</div>}
                {!result.cancelled && <div>{t("reports.recoveryNext")}</div>}
              </>
            }
          />
        )}
      </Space>
    </Modal>
  );
}

/** 下级档案馆: each lower archive's last report and holdings, and packages refused as forks. */
function LowerTab({ lower, refused }: { lower: LowerArchive[]; refused: RefusedFork[] }) {
  const { t } = useI18n();
  const session = sessionStore.use();
  const admin = hasRole(session, "admin");
  const [recovering, setRecovering] = useState<LowerArchive | null>(null);
  const columns = [
    { title: t("reports.archive"), render: (_: unknown, l: LowerArchive) => `${l.name}（${l.regionCode}）` },
    { title: t("reports.via"), render: (_: unknown, l: LowerArchive) => l.via ?? "—" },
    { title: t("reports.count"), dataIndex: "reports", width: 90 },
    {
      title: t("reports.last"),
      render: (_: unknown, l: LowerArchive) => (l.lastNumber === null ? t("reports.none") : `#${l.lastNumber} · ${formatDateTime(l.lastReceivedAt)}`),
    },
    { title: t("reports.ledgerSize"), render: (_: unknown, l: LowerArchive) => (l.ledgerSize === null ? "—" : formatCount(l.ledgerSize)) },
    { title: t("reports.registrations"), render: (_: unknown, l: LowerArchive) => (l.registrations === null ? "—" : formatCount(l.registrations)) },
    ...(admin
      ? [
          {
            title: t("reports.actions"),
            render: (_: unknown, l: LowerArchive) => (
              <Button data-testid={`recovery-${l.regionCode}`} size="small" icon={<MedicineBoxOutlined />} disabled={l.lastNumber === null} onClick={() => setRecovering(l)}>
                {t("reports.recovery")}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Table data-testid="reports-lower" size="small" rowKey={(l) => `${l.name}-${l.regionCode}`} columns={columns} dataSource={lower} pagination={false} />
      {recovering && <RecoveryModal lower={recovering} onClose={() => setRecovering(null)} />}
      {refused.map((f) => (
        <Alert
          key={`${f.from}-${f.number}-${f.at}`}
          data-testid="reports-fork"
          type="error"
          showIcon
          title={t("reports.fork", { from: f.from, number: f.number, at: formatDateTime(f.at), size: formatCount(f.ledgerSize) })}
          description={
            <>
              <div>
                {t("reports.heldHead")} <HashText value={f.heldHead} placeholder="" />
              </div>
              <div>
                {t("reports.packageHead")} <HashText value={f.packageHead} placeholder="" />
              </div>
            </>
          }
        />
      ))}
    </Space>
  );
}

/** 上下级报送: reports to the upper archive, reports taken from lower ones, and the lower archives. */
export default function ReportsPage() {
  const { t } = useI18n();
  const overview = useLoad(api.reportsOverview);
  const data = overview.data;
  if (!data) {
    return overview.error ? <Alert type="error" showIcon title={overview.error} /> : null;
  }
  const items = [
    { key: "send", label: <span data-testid="reports-tab-send">{t("reports.send")}</span>, children: <SendTab overview={data} reload={overview.reload} /> },
    { key: "receive", label: <span data-testid="reports-tab-receive">{t("reports.receive")}</span>, children: <ReceiveTab reload={overview.reload} /> },
    {
      key: "lower",
      label: <span data-testid="reports-tab-lower">{t("reports.lowerTab", { count: data.lower.length })}</span>,
      children: <LowerTab lower={data.lower} refused={data.refused} />,
    },
  ];
  return (
    <Card title={t("nav.reports")}>
      <Tabs defaultActiveKey={data.uppers.length === 0 && data.lower.length > 0 ? "receive" : "send"} items={items} />
    </Card>
  );
}

import { CloudUploadOutlined, MedicineBoxOutlined, MoreOutlined, PlusOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Dropdown,
  InputNumber,
  Popover,
  Radio,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
  type ButtonProps,
  type TableColumnsType,
} from "antd";
import { useEffect, useRef, useState } from "react";
import { listMedia, mediumHealth } from "../../api";
import type { Medium } from "../../bindings/Medium";
import KeyUnlockButton from "../keys/KeyUnlockButton";
import MediaJobPanel from "./MediaJobPanel";
import MediumAddModal from "./MediumAddModal";
import MediumDeskModal, { type DeskAction } from "./MediumDeskModal";
import VaultRepairModal from "./VaultRepairModal";
import RepairModal, { type RepairTarget } from "./RepairModal";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useMediaJobStart } from "../../hooks/useMediaJobStart";
import { useI18n } from "../../i18n";
import { isMediaJobActive, mediaJob, startBackupJob, startVaultVerifyJob, startVerifyJob } from "../../stores/mediaJob";
import { hasRole, sessionStore } from "../../stores/session";

/** The verify button with its full / sample choice. */
function VerifyButton({ medium, disabled }: { medium: Medium; disabled: boolean }) {
  const { t } = useI18n();
  const startJob = useMediaJobStart();
  const [mode, setMode] = useState<"full" | "sample">("full");
  const [pct, setPct] = useState<number>(10);
  const [sha256Only, setSha256Only] = useState(false);
  const [open, setOpen] = useState(false);
  const go = () => {
    setOpen(false);
    startJob(() => startVerifyJob(medium.label, medium.path, mode === "full" ? null : pct, sha256Only));
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t("media.verifyTitle", { label: medium.label })}
      content={
        <Space orientation="vertical">
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as "full" | "sample")}>
            <Radio value="full" data-testid="verify-full">
              {t("media.verifyFull")}
            </Radio>
            <Radio value="sample" data-testid="verify-sample">
              {t("media.verifySample")}
            </Radio>
          </Radio.Group>
          {mode === "sample" && (
            <InputNumber data-testid="verify-percent" min={1} max={100} value={pct} onChange={(v) => setPct(v ?? 10)} suffix="%" />
          )}
          <Checkbox checked={sha256Only} onChange={(e) => setSha256Only(e.target.checked)}>
            <span data-testid="verify-sha256-only">{t("media.verifySha256Only")}</span>
          </Checkbox>
          <Button type="primary" data-testid="verify-start" onClick={go}>
            {t("media.verifyStart")}
          </Button>
        </Space>
      }
    >
      <Button size="small" icon={<SafetyCertificateOutlined />} data-testid={`verify-${medium.label}`} disabled={disabled}>
        {t("media.verify")}
      </Button>
    </Popover>
  );
}

/** 备份介质: the registered media, and (for clerks) registering, backing up, verifying and repairing. */
export default function MediaPage() {
  const { t } = useI18n();
  const startJob = useMediaJobStart();
  const session = sessionStore.use();
  const clerk = hasRole(session, "clerk");
  const media = useLoad(listMedia);
  // Each drive's SMART health, read after the list (smartctl per drive: it may take a moment).
  const health = useLoad(async () => {
    const list = media.data ?? [];
    const answers = await Promise.all(list.map((m) => mediumHealth(m.path)));
    return new Map(list.map((m, i) => [m.path, answers[i]]));
  }, [media.data]);
  const job = mediaJob.use();
  const active = isMediaJobActive(job);
  const [adding, setAdding] = useState(false);
  const [repairing, setRepairing] = useState<RepairTarget | null>(null);
  // The last desk act stays while its dialog closes, so the closing dialog keeps its words.
  const [desk, setDesk] = useState<{ action: DeskAction; medium: Medium } | null>(null);
  const [deskOpen, setDeskOpen] = useState(false);
  const [vaultRepairing, setVaultRepairing] = useState(false);
  const { message } = App.useApp();
  const jobMedium: RepairTarget | null = job?.path ? { label: job.subject, path: job.path } : null;

  // Reload the table when a job ends (counts and last verification change).
  const lastStatus = useRef(job?.status);
  useEffect(() => {
    if (lastStatus.current !== job?.status && (job?.status === "done" || job?.status === "failed")) media.reload();
    lastStatus.current = job?.status;
  }, [job?.status, media]);

  const { modal } = App.useApp();
  // A drive whose SMART health failed or cannot be read takes a backup only once the
  // clerk confirms (the core refuses it otherwise and records the confirmation).
  const backup = async (m: Medium, readBack = false) => {
    const h = health.data?.get(m.path);
    const confirmHealth = h?.passed !== true;
    if (confirmHealth) {
      const go = await modal.confirm({
        title: t(h?.passed === false ? "media.healthConfirmBad" : "media.healthConfirmUnknown", { label: m.label }),
        content: `${h?.summary ?? ""} ${t("media.healthConfirmBody")}`,
        okText: t("media.healthConfirmOk"),
        okButtonProps: { danger: true, "data-testid": "backup-health-confirm" } as ButtonProps,
        width: 520,
      });
      if (!go) return;
    }
    startJob(() => startBackupJob(m.label, m.path, readBack, confirmHealth));
  };

  const columns: TableColumnsType<Medium> = [
    { title: t("media.label"), dataIndex: "label", width: 80, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t("media.set"), dataIndex: "set", width: 56 },
    { title: t("media.kind"), dataIndex: "kind", width: 76, render: (k: Medium["kind"]) => t(`media.kind.${k}`) },
    {
      title: t("media.location"),
      dataIndex: "location",
      ellipsis: true,
      render: (v: string | null, m) =>
        m.retired ? (
          <Tooltip title={m.retired.note ?? undefined}>
            <Tag data-testid={`medium-state-${m.label}`}>{t("desk.retiredTag", { reason: t(`retire.${m.retired.reason}`) })}</Tag>
          </Tooltip>
        ) : m.out ? (
          <Tooltip title={t("desk.outSince", { at: formatDateTime(m.out.since) })}>
            <Tag data-testid={`medium-state-${m.label}`} color="orange">
              {t("desk.outTag", { destination: m.out.destination })}
            </Tag>
          </Tooltip>
        ) : (
          (v ?? "—")
        ),
    },
    {
      title: t("media.held"),
      dataIndex: "registrations",
      width: 76,
      align: "right",
      render: (n: number) => <span data-testid="medium-held">{formatCount(n)}</span>,
    },
    {
      title: t("media.usedFree"),
      width: 128,
      render: (_, m) => `${formatBytes(m.bytesUsed)} / ${m.freeBytes === null ? "—" : formatBytes(m.freeBytes)}`,
    },
    {
      title: t("media.lastVerified"),
      width: 172,
      render: (_, m) =>
        m.lastVerifiedAt ? (
          <Space size={4}>
            <span>{formatDateTime(m.lastVerifiedAt)}</span>
            <Tag color={m.lastResult === "ok" ? "success" : "error"}>{m.lastResult === "ok" ? t("media.resultOk") : t("media.resultProblems")}</Tag>
          </Space>
        ) : (
          t("media.never")
        ),
    },
    {
      title: t("media.health"),
      width: 84,
      render: (_, m) => {
        const h = health.data?.get(m.path);
        if (!h) return <Spin size="small" />;
        return (
          <Tooltip title={h.summary}>
            <Tag data-testid="medium-health" color={h.passed === true ? "success" : h.passed === false ? "error" : "default"}>
              {h.passed === true ? t("media.healthOk") : h.passed === false ? t("media.healthBad") : t("media.healthUnknown")}
            </Tag>
          </Tooltip>
        );
      },
    },
  ];
  if (clerk) {
    columns.push({
      title: t("media.actions"),
      width: 280,
      fixed: "right",
      render: (_, m) => (
        <Space size={6}>
          <Button
            size="small"
            type="primary"
            icon={<CloudUploadOutlined />}
            data-testid={`backup-${m.label}`}
            disabled={active || !!m.retired || !!m.out}
            title={m.retired ? t("desk.retiredNoWrite") : m.out ? t("desk.outNoWrite") : undefined}
            onClick={() => void backup(m)}
          >
            {t("media.backup")}
          </Button>
          <VerifyButton medium={m} disabled={active} />
          <Button
            size="small"
            icon={<MedicineBoxOutlined />}
            data-testid={`repair-${m.label}`}
            disabled={active || !!m.retired || !!m.out}
            onClick={() => setRepairing({ label: m.label, path: m.path })}
          >
            {t("media.repair")}
          </Button>
          <Dropdown
            trigger={["click"]}
            menu={{
              items: [
                {
                  key: "readBack",
                  label: <span data-testid={`backup-read-back-${m.label}`}>{t("media.backupReadBack")}</span>,
                  disabled: active || !!m.retired || !!m.out,
                },
                { type: "divider" },
                { key: "location", label: <span data-testid={`desk-location-${m.label}`}>{t("desk.locationMenu")}</span>, disabled: !!m.retired },
                m.out
                  ? { key: "checkin", label: <span data-testid={`desk-checkin-${m.label}`}>{t("desk.checkinMenu")}</span> }
                  : { key: "checkout", label: <span data-testid={`desk-checkout-${m.label}`}>{t("desk.checkoutMenu")}</span>, disabled: !!m.retired },
                { key: "retire", danger: true, label: <span data-testid={`desk-retire-${m.label}`}>{t("desk.retireMenu")}</span>, disabled: !!m.retired },
              ],
              onClick: ({ key }) => {
                if (key === "readBack") return void backup(m, true);
                setDesk({ action: key as DeskAction, medium: m });
                setDeskOpen(true);
              },
            }}
          >
            <Button size="small" icon={<MoreOutlined />} data-testid={`medium-more-${m.label}`} aria-label={t("desk.more")} />
          </Dropdown>
        </Space>
      ),
    });
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {job && job.kind !== "restore" && (
        <MediaJobPanel
          job={job}
          onRepair={clerk && jobMedium ? () => setRepairing(jobMedium) : undefined}
          onVaultRepair={clerk ? () => setVaultRepairing(true) : undefined}
        />
      )}
      <Card
        title={t("media.title")}
        extra={
          clerk && (
            <Space>
              <Button data-testid="vault-verify" icon={<SafetyCertificateOutlined />} disabled={active} onClick={() => startJob(() => startVaultVerifyJob(""))}>
                {t("vault.verify")}
              </Button>
              <KeyUnlockButton />
              <Button type="primary" icon={<PlusOutlined />} data-testid="medium-add" onClick={() => setAdding(true)}>
                {t("media.add")}
              </Button>
            </Space>
          )
        }
      >
        {media.error && <Alert type="error" showIcon title={media.error} style={{ marginBottom: 16 }} />}
        <Table
          data-testid="media-table"
          rowKey="id"
          size="small"
          loading={media.loading}
          columns={columns}
          dataSource={media.data ?? []}
          locale={{ emptyText: t("media.empty") }}
          pagination={false}
          scroll={{ x: 976 }}
        />
      </Card>
      <RepairModal medium={repairing} onClose={() => setRepairing(null)} />
      <VaultRepairModal open={vaultRepairing} media={media.data ?? []} onClose={() => setVaultRepairing(false)} />
      <MediumDeskModal
        open={deskOpen}
        action={desk?.action ?? null}
        medium={desk?.medium ?? null}
        media={media.data ?? []}
        onClose={() => setDeskOpen(false)}
        onDone={(text) => {
          setDeskOpen(false);
          message.success(text, 6);
          media.reload();
        }}
      />
      <MediumAddModal
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          media.reload();
        }}
      />
    </Space>
  );
}

import { App, Descriptions, Tag, Typography, type DescriptionsProps } from "antd";
import { setHandoverRef } from "../../api";
import type { RegistrationDetail } from "../../bindings/RegistrationDetail";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useI18n } from "../../i18n";
import { recordKindLabel } from "../../labels";
import { errorMessage } from "../../errors";
import { PROPERTIES } from "./CheckFindings";
import HashText from "../../components/HashText";
import StatusTag from "../../components/StatusTag";

/** Metadata block of a registration: status, number, unit, title, kind, hand-over reference
 *  (editable on a draft when `onChanged` is given), times, digests. */
export default function RegistrationMeta({ detail, onChanged }: { detail: RegistrationDetail; onChanged?: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const s = detail.summary;
  const editable = s.status === "draft" && onChanged !== undefined;
  const saveHandover = async (text: string) => {
    if (text === (s.handoverRef ?? "")) return;
    try {
      await setHandoverRef(s.id, text);
      onChanged?.();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const items: DescriptionsProps["items"] = [
    {
      key: "status",
      label: t("detail.status"),
      children: (
        <>
          <StatusTag status={s.status} testId="reg-status" />
          {s.status === "draft" && !s.intakeComplete && <Tag color="orange">{t("status.incomplete")}</Tag>}
        </>
      ),
    },
    {
      key: "number",
      label: t("detail.number"),
      children: (
        <span data-testid="reg-number" className="mono">
          {s.registrationNumber ?? t("common.none")}
        </span>
      ),
    },
    {
      key: "unit",
      label: t("detail.unit"),
      children: (
        <>
          {s.unitName}
          {s.unitUscc && <span className="mono" style={{ marginLeft: 8, color: "rgba(0,0,0,0.45)" }}>{s.unitUscc}</span>}
        </>
      ),
    },
    { key: "title", label: t("detail.regTitle"), children: s.title },
    { key: "kind", label: t("detail.kind"), children: recordKindLabel(t, s.kind) },
    { key: "files", label: t("detail.filesBytes"), children: `${formatCount(s.files)} / ${formatBytes(s.bytes)}` },
    { key: "created", label: t("detail.createdAt"), children: formatDateTime(s.createdAt) },
    { key: "sealed", label: t("detail.sealedAt"), children: formatDateTime(s.sealedAt) },
    {
      key: "handover",
      label: t("detail.handoverRef"),
      span: 2,
      children: (
        <Typography.Text
          data-testid="reg-handover"
          editable={editable ? { onChange: (v) => void saveHandover(v.trim()), text: s.handoverRef ?? "", tooltip: t("detail.handoverEdit") } : false}
        >
          {s.handoverRef ?? t("common.none")}
        </Typography.Text>
      ),
    },
    {
      key: "sm3",
      label: t("detail.sm3"),
      span: 2,
      children: <HashText testId="reg-sm3" value={detail.packageSm3} placeholder={t("detail.notSealed")} />,
    },
    {
      key: "sha256",
      label: t("detail.sha256"),
      span: 2,
      children: <HashText testId="reg-sha256" value={detail.packageSha256} placeholder={t("detail.notSealed")} />,
    },
  ];
  const check = detail.sealCheck;
  if (check) {
    const count = (k: "error" | "warning") => PROPERTIES.reduce((n, p) => n + check.summary[p][k], 0);
    const warnings = formatCount(count("warning"));
    items.push({
      key: "sealCheck",
      label: t("detail.sealCheck"),
      span: 2,
      children: (
        <div data-testid="reg-seal-check">
          {check.accepted.length === 0
            ? t("detail.sealCheckClean", { warnings })
            : t("detail.sealCheckAccepted", { n: formatCount(count("error")), warnings })}
          {check.accepted.map((a) => (
            <Typography.Text key={`${a.rule} ${a.item ?? ""}`} type="secondary" style={{ display: "block" }}>
              {`${a.item ?? t("sealCheck.wholeRegistration")}：${a.message} `}
              {t("sealCheck.reasonLine", { reason: a.reason, by: a.acceptedBy, at: formatDateTime(a.acceptedAt) })}
            </Typography.Text>
          ))}
        </div>
      ),
    });
  }
  return <Descriptions bordered size="small" column={2} items={items} />;
}
